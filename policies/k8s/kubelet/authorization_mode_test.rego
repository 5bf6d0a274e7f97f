package stance.rules.k8s.kubelet.authorization_mode_test

import data.stance.lib.testing.kubelet as k
import data.stance.rules.k8s.kubelet.authorization_mode as rule
import rego.v1

cases := [
	{"name": "hardened kubeadm kubelet", "expect": "pass", "input": k.node(k.hardened)},
	{"name": "Node from a manifest scan: no kubelet configuration", "expect": "not_applicable", "input": k.manifest_node},
	{"name": "configz forbidden: error, never a pass", "expect": "error", "input": k.forbidden},
	{"name": "AlwaysAllow", "expect": "fail", "input": k.patched({"authorization": {"mode": "AlwaysAllow"}})},
	{"name": "mode not reported: error", "expect": "error", "input": k.removed("authorization/mode")},
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
