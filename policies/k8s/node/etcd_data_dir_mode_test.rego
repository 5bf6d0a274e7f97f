package stance.rules.k8s.node.etcd_data_dir_mode_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.node_files as t
import rego.v1

cases := [
	{"name": "mode 700", "expect": "pass", "input": t.node({"etcdDataDir": t.found([t.dir("/var/lib/etcd", "700", "etcd", "etcd")])})},
	{"name": "mode 700, stricter", "expect": "pass", "input": t.node({"etcdDataDir": t.found([t.dir("/var/lib/etcd", "700", "etcd", "etcd")])})},
	{"name": "mode 750", "expect": "fail", "input": t.node({"etcdDataDir": t.found([t.dir("/var/lib/etcd", "750", "etcd", "etcd")])})},
	{"name": "setuid bit: not 700 or stricter", "expect": "fail", "input": t.node({"etcdDataDir": t.found([t.dir("/var/lib/etcd", "4700", "etcd", "etcd")])})},
	{"name": "a failing entry decides though another could not be examined", "expect": "fail", "input": t.node({"etcdDataDir": t.found([t.dir("/var/lib/etcd", "750", "etcd", "etcd"), t.denied("/etc/kubernetes/other")])})},
	{"name": "no such file on this node", "expect": "not_applicable", "input": t.node({"etcdDataDir": t.found([])})},
	{"name": "could not be examined (EACCES): error", "expect": "error", "input": t.node({"etcdDataDir": t.found([t.denied("/var/lib/etcd")])})},
	{"name": "directory larger than the bound, nothing failing: error", "expect": "error", "input": t.node({"etcdDataDir": t.truncated([])})},
	{"name": "item not recorded (hand-written or older snapshot): error", "expect": "error", "input": t.node({})},
]

test_cases if harness.check_cases("k8s.node.etcd_data_dir_mode", cases)
