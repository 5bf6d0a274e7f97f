package stance.rules.k8s.node.pki_key_mode_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.node_files as t
import rego.v1

cases := [
	{"name": "mode 600", "expect": "pass", "input": t.node({"pki": t.found([t.file("/etc/kubernetes/pki/ca.key", "600", "root", "root")])})},
	{"name": "mode 400, stricter", "expect": "pass", "input": t.node({"pki": t.found([t.file("/etc/kubernetes/pki/ca.key", "400", "root", "root")])})},
	{"name": "mode 644", "expect": "fail", "input": t.node({"pki": t.found([t.file("/etc/kubernetes/pki/ca.key", "644", "root", "root")])})},
	{"name": "setuid bit: not 600 or stricter", "expect": "fail", "input": t.node({"pki": t.found([t.file("/etc/kubernetes/pki/ca.key", "4600", "root", "root")])})},
	{"name": "a failing entry decides though another could not be examined", "expect": "fail", "input": t.node({"pki": t.found([t.file("/etc/kubernetes/pki/ca.key", "644", "root", "root"), t.denied("/etc/kubernetes/other")])})},
	{"name": "only *.key files count", "expect": "pass", "input": t.node({"pki": t.found([t.dir("/etc/kubernetes/pki", "755", "root", "root"), t.file("/etc/kubernetes/pki/ca.key", "600", "root", "root"), t.file("/etc/kubernetes/pki/ca.crt", "666", "root", "root")])})},
	{"name": "no *.key file in the directory", "expect": "not_applicable", "input": t.node({"pki": t.found([t.dir("/etc/kubernetes/pki", "755", "root", "root"), t.file("/etc/kubernetes/pki/ca.crt", "600", "root", "root")])})},
	{"name": "no such file on this node", "expect": "not_applicable", "input": t.node({"pki": t.found([])})},
	{"name": "could not be examined (EACCES): error", "expect": "error", "input": t.node({"pki": t.found([t.denied("/etc/kubernetes/pki/ca.key")])})},
	{"name": "directory larger than the bound, nothing failing: error", "expect": "error", "input": t.node({"pki": t.truncated([])})},
	{"name": "item not recorded (hand-written or older snapshot): error", "expect": "error", "input": t.node({})},
]

test_cases if harness.check_cases("k8s.node.pki_key_mode", cases)
