package stance.rules.k8s.kubelet.seccomp_default_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.kubelet as k
import rego.v1

cases := [
	{"name": "hardened kubeadm kubelet", "expect": "pass", "input": k.node(k.hardened)},
	{"name": "Node from a manifest scan: no kubelet configuration", "expect": "not_applicable", "input": k.manifest_node},
	{"name": "configz forbidden: error, never a pass", "expect": "error", "input": k.forbidden},
	{"name": "off", "expect": "fail", "input": k.patched({"seccompDefault": false})},
	{"name": "field unknown to an old kubelet", "expect": "fail", "input": k.removed("seccompDefault")},
]

test_cases if harness.check_cases("k8s.kubelet.seccomp_default", cases)
