package stance.rules.k8s.node.cni_files_owner_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.node_files as t
import rego.v1

cases := [
	{"name": "root:root", "expect": "pass", "input": t.node({"cniFiles": t.found([t.file("/etc/cni/net.d/10-calico.conflist", "600", "root", "root")])})},
	{"name": "owned by a user", "expect": "fail", "input": t.node({"cniFiles": t.found([t.file("/etc/cni/net.d/10-calico.conflist", "600", "kube", "root")])})},
	{"name": "group is not root", "expect": "fail", "input": t.node({"cniFiles": t.found([t.file("/etc/cni/net.d/10-calico.conflist", "600", "root", "kube")])})},
	{"name": "ids decide, not names: uid 0 without a name is root", "expect": "pass", "input": t.node({"cniFiles": t.found([t.unnamed("/etc/cni/net.d/10-calico.conflist", "600", 0, 0)])})},
	{"name": "no such file on this node", "expect": "not_applicable", "input": t.node({"cniFiles": t.found([])})},
	{"name": "could not be examined (EACCES): error", "expect": "error", "input": t.node({"cniFiles": t.found([t.denied("/etc/cni/net.d/10-calico.conflist")])})},
	{"name": "directory larger than the bound, nothing failing: error", "expect": "error", "input": t.node({"cniFiles": t.truncated([])})},
	{"name": "item not recorded (hand-written or older snapshot): error", "expect": "error", "input": t.node({})},
]

test_cases if harness.check_cases("k8s.node.cni_files_owner", cases)
