package stance.rules.k8s.kubelet.client_ca_file_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.kubelet as k
import rego.v1

cases := [
	{"name": "hardened kubeadm kubelet", "expect": "pass", "input": k.node(k.hardened)},
	{"name": "Node from a manifest scan: no kubelet configuration", "expect": "not_applicable", "input": k.manifest_node},
	{"name": "configz forbidden: error, never a pass", "expect": "error", "input": k.forbidden},
	{"name": "no client CA (omitted)", "expect": "fail", "input": k.removed("authentication/x509/clientCAFile")},
	{"name": "empty client CA", "expect": "fail", "input": k.patched({"authentication": {"x509": {"clientCAFile": ""}}})},
]

test_cases if harness.check_cases("k8s.kubelet.client_ca_file", cases)
