package stance.rules.k8s.node.etcd_data_dir_owner_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.node_files as t
import rego.v1

cases := [
	{"name": "etcd:etcd", "expect": "pass", "input": t.node({"etcdDataDir": t.found([t.dir("/var/lib/etcd", "700", "etcd", "etcd")])})},
	{"name": "root:root", "expect": "fail", "input": t.node({"etcdDataDir": t.found([t.dir("/var/lib/etcd", "700", "root", "root")])})},
	{"name": "etcd user, root group", "expect": "fail", "input": t.node({"etcdDataDir": t.found([t.dir("/var/lib/etcd", "700", "etcd", "root")])})},
	{"name": "an id the host has no name for is not etcd", "expect": "fail", "input": t.node({"etcdDataDir": t.found([t.unnamed("/var/lib/etcd", "700", 998, 998)])})},
	{"name": "the host's account names could not be read: error", "expect": "error", "input": t.without_names(t.node({"etcdDataDir": t.found([t.unnamed("/var/lib/etcd", "700", 998, 998)])}))},
	{"name": "no such file on this node", "expect": "not_applicable", "input": t.node({"etcdDataDir": t.found([])})},
	{"name": "could not be examined (EACCES): error", "expect": "error", "input": t.node({"etcdDataDir": t.found([t.denied("/var/lib/etcd")])})},
	{"name": "directory larger than the bound, nothing failing: error", "expect": "error", "input": t.node({"etcdDataDir": t.truncated([])})},
	{"name": "item not recorded (hand-written or older snapshot): error", "expect": "error", "input": t.node({})},
]

test_cases if harness.check_cases("k8s.node.etcd_data_dir_owner", cases)
