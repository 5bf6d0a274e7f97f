package stance.rules.k8s.kubelet.rotate_server_certificate_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.kubelet as k
import rego.v1

cases := [
	{"name": "no featureGates: the gate's default, on", "expect": "pass", "input": k.node(k.hardened)},
	{"name": "gate set to true", "expect": "pass", "input": k.patched({"featureGates": {"RotateKubeletServerCertificate": true}})},
	{"name": "other gates only", "expect": "pass", "input": k.patched({"featureGates": {"GracefulNodeShutdown": true}})},
	{"name": "gate set to false", "expect": "fail", "input": k.patched({"featureGates": {"RotateKubeletServerCertificate": false}})},
	{"name": "Node from a manifest scan: no kubelet configuration", "expect": "not_applicable", "input": k.manifest_node},
	{"name": "configz forbidden: error, never a pass", "expect": "error", "input": k.forbidden},
]

test_cases if harness.check_cases("k8s.kubelet.rotate_server_certificate", cases)
