package stance.rules.k8s.kubelet.make_iptables_util_chains_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.kubelet as k
import rego.v1

cases := [
	{"name": "hardened kubeadm kubelet", "expect": "pass", "input": k.node(k.hardened)},
	{"name": "Node from a manifest scan: no kubelet configuration", "expect": "not_applicable", "input": k.manifest_node},
	{"name": "configz forbidden: error, never a pass", "expect": "error", "input": k.forbidden},
	{"name": "turned off", "expect": "fail", "input": k.patched({"makeIPTablesUtilChains": false})},
	{"name": "not reported: error", "expect": "error", "input": k.removed("makeIPTablesUtilChains")},
]

test_cases if harness.check_cases("k8s.kubelet.make_iptables_util_chains", cases)
