package stance.rules.k8s.node.admin_kubeconfig_mode_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.node_files as t
import rego.v1

cases := [
	{"name": "mode 600", "expect": "pass", "input": t.node({"adminKubeconfig": t.found([t.file("/etc/kubernetes/admin.conf", "600", "root", "root")])})},
	{"name": "mode 400, stricter", "expect": "pass", "input": t.node({"adminKubeconfig": t.found([t.file("/etc/kubernetes/admin.conf", "400", "root", "root")])})},
	{"name": "mode 644", "expect": "fail", "input": t.node({"adminKubeconfig": t.found([t.file("/etc/kubernetes/admin.conf", "644", "root", "root")])})},
	{"name": "setuid bit: not 600 or stricter", "expect": "fail", "input": t.node({"adminKubeconfig": t.found([t.file("/etc/kubernetes/admin.conf", "4600", "root", "root")])})},
	{"name": "a failing entry decides though another could not be examined", "expect": "fail", "input": t.node({"adminKubeconfig": t.found([t.file("/etc/kubernetes/admin.conf", "644", "root", "root"), t.denied("/etc/kubernetes/other")])})},
	{"name": "a symbolic link: the file it names decides", "expect": "fail", "input": t.node({"adminKubeconfig": t.found([object.union(t.file("/etc/kubernetes/admin.conf", "640", "root", "root"), {"target": "/srv/k8s/file"})])})},
	{"name": "no such file on this node", "expect": "not_applicable", "input": t.node({"adminKubeconfig": t.found([])})},
	{"name": "could not be examined (EACCES): error", "expect": "error", "input": t.node({"adminKubeconfig": t.found([t.denied("/etc/kubernetes/admin.conf")])})},
	{"name": "directory larger than the bound, nothing failing: error", "expect": "error", "input": t.node({"adminKubeconfig": t.truncated([])})},
	{"name": "item not recorded (hand-written or older snapshot): error", "expect": "error", "input": t.node({})},
]

test_cases if harness.check_cases("k8s.node.admin_kubeconfig_mode", cases)
