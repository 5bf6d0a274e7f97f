package stance.rules.k8s.etcd.cert_file_test

import data.stance.lib.testing.controlplane as cp
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "hardened kubeadm flags", "expect": "pass", "input": cp.good("etcd")},
	{"name": "another control-plane component", "expect": "not_applicable", "input": cp.good("kube-apiserver")},
	{"name": "application pod", "expect": "not_applicable", "input": cp.app_pod},
	{"name": "labelled Pod whose command cannot be found: error, never a pass", "expect": "error", "input": cp.unreadable_pod("etcd")},
	{"name": "key missing", "expect": "fail", "input": cp.flag_unset("etcd", "key-file")},
	{"name": "set through the environment", "expect": "pass", "input": cp.pod_resource("etcd-cp1", "kube-system", cp.mirror_metadata("etcd"), {"containers": [{"name": "etcd", "command": ["etcd", "--data-dir=/var/lib/etcd"], "env": [{"name": "ETCD_CERT_FILE", "value": "/etc/etcd/server.crt"}, {"name": "ETCD_KEY_FILE", "value": "/etc/etcd/server.key"}]}]})},
	{"name": "single-dash flags", "expect": "pass", "input": cp.flags_only("etcd", ["-cert-file=/etc/etcd/server.crt", "-key-file", "/etc/etcd/server.key"])},
]

test_cases if harness.check_cases("k8s.etcd.cert_file", cases)
