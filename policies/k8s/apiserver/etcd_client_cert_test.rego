package stance.rules.k8s.apiserver.etcd_client_cert_test

import data.stance.lib.testing.controlplane as cp
import data.stance.rules.k8s.apiserver.etcd_client_cert as rule
import rego.v1

cases := [
	{"name": "hardened kubeadm flags", "expect": "pass", "input": cp.good("kube-apiserver")},
	{"name": "another control-plane component", "expect": "not_applicable", "input": cp.good("kube-scheduler")},
	{"name": "application pod", "expect": "not_applicable", "input": cp.app_pod},
	{"name": "labelled Pod whose command cannot be found: error, never a pass", "expect": "error", "input": cp.unreadable_pod("kube-apiserver")},
	{"name": "certificate missing", "expect": "fail", "input": cp.flag_unset("kube-apiserver", "etcd-certfile")},
	{"name": "both missing", "expect": "fail", "input": cp.flag_unset("kube-apiserver", "etcd-keyfile")},
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
