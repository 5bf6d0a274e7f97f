package stance.rules.k8s.node.kubelet_config_mode_644_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.node_files as t
import rego.v1

cases := [
	{"name": "mode 644", "expect": "pass", "input": t.node({"kubeletConfig": t.found([t.file("/etc/kubernetes/kubelet/kubelet-config.json", "644", "root", "root")])})},
	{"name": "mode 600, stricter", "expect": "pass", "input": t.node({"kubeletConfig": t.found([t.file("/etc/kubernetes/kubelet/kubelet-config.json", "600", "root", "root")])})},
	{"name": "mode 664", "expect": "fail", "input": t.node({"kubeletConfig": t.found([t.file("/etc/kubernetes/kubelet/kubelet-config.json", "664", "root", "root")])})},
	{"name": "setuid bit: not 644 or stricter", "expect": "fail", "input": t.node({"kubeletConfig": t.found([t.file("/etc/kubernetes/kubelet/kubelet-config.json", "4644", "root", "root")])})},
	{"name": "a failing entry decides though another could not be examined", "expect": "fail", "input": t.node({"kubeletConfig": t.found([t.file("/etc/kubernetes/kubelet/kubelet-config.json", "664", "root", "root"), t.denied("/etc/kubernetes/other")])})},
	{"name": "no such file on this node", "expect": "not_applicable", "input": t.node({"kubeletConfig": t.found([])})},
	{"name": "could not be examined (EACCES): error", "expect": "error", "input": t.node({"kubeletConfig": t.found([t.denied("/etc/kubernetes/kubelet/kubelet-config.json")])})},
	{"name": "directory larger than the bound, nothing failing: error", "expect": "error", "input": t.node({"kubeletConfig": t.truncated([])})},
	{"name": "item not recorded (hand-written or older snapshot): error", "expect": "error", "input": t.node({})},
]

test_cases if harness.check_cases("k8s.node.kubelet_config_mode_644", cases)
