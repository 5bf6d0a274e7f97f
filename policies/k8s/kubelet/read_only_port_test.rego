package stance.rules.k8s.kubelet.read_only_port_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.kubelet as k
import rego.v1

cases := [
	{"name": "hardened kubeadm kubelet", "expect": "pass", "input": k.node(k.hardened)},
	{"name": "Node from a manifest scan: no kubelet configuration", "expect": "not_applicable", "input": k.manifest_node},
	{"name": "configz forbidden: error, never a pass", "expect": "error", "input": k.forbidden},
	{"name": "read-only port 10255", "expect": "fail", "input": k.patched({"readOnlyPort": 10255})},
	{"name": "explicitly 0", "expect": "pass", "input": k.patched({"readOnlyPort": 0})},
]

test_cases if harness.check_cases("k8s.kubelet.read_only_port", cases)
