package stance.rules.k8s.pss.host_process_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.host_process as rule
import rego.v1

cases := [
	{"name": "pod-level hostProcess", "expect": "fail", "input": f.pod({"securityContext": {"windowsOptions": {"hostProcess": true}}, "hostNetwork": true, "containers": [f.c("a", {})]})},
	{"name": "container-level hostProcess", "expect": "fail", "input": f.deployment({"containers": [f.c("a", {"windowsOptions": {"hostProcess": true}})]})},
	{"name": "hostProcess false", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"windowsOptions": {"hostProcess": false}})]})},
	{"name": "no windows options", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({"windowsOptions": {"hostProcess": true}})]})},
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
