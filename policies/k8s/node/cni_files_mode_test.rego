package stance.rules.k8s.node.cni_files_mode_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.node_files as t
import rego.v1

cases := [
	{"name": "mode 600", "expect": "pass", "input": t.node({"cniFiles": t.found([t.file("/etc/cni/net.d/10-calico.conflist", "600", "root", "root")])})},
	{"name": "mode 400, stricter", "expect": "pass", "input": t.node({"cniFiles": t.found([t.file("/etc/cni/net.d/10-calico.conflist", "400", "root", "root")])})},
	{"name": "mode 644", "expect": "fail", "input": t.node({"cniFiles": t.found([t.file("/etc/cni/net.d/10-calico.conflist", "644", "root", "root")])})},
	{"name": "setuid bit: not 600 or stricter", "expect": "fail", "input": t.node({"cniFiles": t.found([t.file("/etc/cni/net.d/10-calico.conflist", "4600", "root", "root")])})},
	{"name": "a failing entry decides though another could not be examined", "expect": "fail", "input": t.node({"cniFiles": t.found([t.file("/etc/cni/net.d/10-calico.conflist", "644", "root", "root"), t.denied("/etc/kubernetes/other")])})},
	{"name": "a directory is not judged by a file mode", "expect": "pass", "input": t.node({"cniFiles": t.found([t.dir("/etc/cni/net.d/calico", "755", "root", "root"), t.file("/etc/cni/net.d/10-calico.conflist", "600", "root", "root")])})},
	{"name": "no such file on this node", "expect": "not_applicable", "input": t.node({"cniFiles": t.found([])})},
	{"name": "could not be examined (EACCES): error", "expect": "error", "input": t.node({"cniFiles": t.found([t.denied("/etc/cni/net.d/10-calico.conflist")])})},
	{"name": "directory larger than the bound, nothing failing: error", "expect": "error", "input": t.node({"cniFiles": t.truncated([])})},
	{"name": "item not recorded (hand-written or older snapshot): error", "expect": "error", "input": t.node({})},
]

test_cases if harness.check_cases("k8s.node.cni_files_mode", cases)
