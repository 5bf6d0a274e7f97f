package stance.rules.k8s.etcd.cert_file_test

import data.stance.lib.testing.controlplane as cp
import data.stance.rules.k8s.etcd.cert_file as rule
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

default verdict(_) := "undefined"

unknown(case_input) if count(rule.unknown) > 0 with input as case_input

verdict(case_input) := "not_applicable" if rule.not_applicable with input as case_input

verdict(case_input) := "error" if {
	not rule.not_applicable with input as case_input
	unknown(case_input)
}

verdict(case_input) := "fail" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) > 0 with input as case_input
}

verdict(case_input) := "pass" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) == 0 with input as case_input
}

failures := [c.name | some c in cases; verdict(c.input) != c.expect]

test_cases if failures == []
