package stance.rules.k8s.node.apiserver_manifest_mode_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.node_files as t
import rego.v1

cases := [
	{"name": "mode 600", "expect": "pass", "input": t.node({"apiServerManifest": t.found([t.file("/etc/kubernetes/manifests/kube-apiserver.yaml", "600", "root", "root")])})},
	{"name": "mode 400, stricter", "expect": "pass", "input": t.node({"apiServerManifest": t.found([t.file("/etc/kubernetes/manifests/kube-apiserver.yaml", "400", "root", "root")])})},
	{"name": "mode 644", "expect": "fail", "input": t.node({"apiServerManifest": t.found([t.file("/etc/kubernetes/manifests/kube-apiserver.yaml", "644", "root", "root")])})},
	{"name": "setuid bit: not 600 or stricter", "expect": "fail", "input": t.node({"apiServerManifest": t.found([t.file("/etc/kubernetes/manifests/kube-apiserver.yaml", "4600", "root", "root")])})},
	{"name": "a failing entry decides though another could not be examined", "expect": "fail", "input": t.node({"apiServerManifest": t.found([t.file("/etc/kubernetes/manifests/kube-apiserver.yaml", "644", "root", "root"), t.denied("/etc/kubernetes/other")])})},
	{"name": "a symbolic link: the file it names decides", "expect": "fail", "input": t.node({"apiServerManifest": t.found([object.union(t.file("/etc/kubernetes/manifests/kube-apiserver.yaml", "640", "root", "root"), {"target": "/srv/k8s/file"})])})},
	{"name": "no such file on this node", "expect": "not_applicable", "input": t.node({"apiServerManifest": t.found([])})},
	{"name": "could not be examined (EACCES): error", "expect": "error", "input": t.node({"apiServerManifest": t.found([t.denied("/etc/kubernetes/manifests/kube-apiserver.yaml")])})},
	{"name": "directory larger than the bound, nothing failing: error", "expect": "error", "input": t.node({"apiServerManifest": t.truncated([])})},
	{"name": "an entry without mode and owner (a hand-written snapshot): error", "expect": "error", "input": t.node({"apiServerManifest": t.found([{"path": "/etc/kubernetes/manifests/kube-apiserver.yaml", "type": "file"}])})},
	{"name": "item not recorded (hand-written or older snapshot): error", "expect": "error", "input": t.node({})},
]

test_cases if harness.check_cases("k8s.node.apiserver_manifest_mode", cases)
