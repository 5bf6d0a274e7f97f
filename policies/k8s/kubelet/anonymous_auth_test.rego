package stance.rules.k8s.kubelet.anonymous_auth_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.kubelet as k
import rego.v1

cases := [
	{"name": "hardened kubeadm kubelet", "expect": "pass", "input": k.node(k.hardened)},
	{"name": "Node from a manifest scan: no kubelet configuration", "expect": "not_applicable", "input": k.manifest_node},
	{"name": "configz forbidden: error, never a pass", "expect": "error", "input": k.forbidden},
	{"name": "anonymous enabled", "expect": "fail", "input": k.patched({"authentication": {"anonymous": {"enabled": true}}})},
	{"name": "field not reported: error", "expect": "error", "input": k.removed("authentication/anonymous/enabled")},
]

test_cases if harness.check_cases("k8s.kubelet.anonymous_auth", cases)
