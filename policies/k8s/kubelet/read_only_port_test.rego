package stance.rules.k8s.kubelet.read_only_port_test

import data.stance.lib.testing.kubelet as k
import data.stance.rules.k8s.kubelet.read_only_port as rule
import rego.v1

cases := [
	{"name": "hardened kubeadm kubelet", "expect": "pass", "input": k.node(k.hardened)},
	{"name": "Node from a manifest scan: no kubelet configuration", "expect": "not_applicable", "input": k.manifest_node},
	{"name": "configz forbidden: error, never a pass", "expect": "error", "input": k.forbidden},
	{"name": "read-only port 10255", "expect": "fail", "input": k.patched({"readOnlyPort": 10255})},
	{"name": "explicitly 0", "expect": "pass", "input": k.patched({"readOnlyPort": 0})},
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
