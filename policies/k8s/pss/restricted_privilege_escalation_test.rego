package stance.rules.k8s.pss.restricted_privilege_escalation_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.restricted_privilege_escalation as rule
import rego.v1

cases := [
	{"name": "unset", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "true on an init container", "expect": "fail", "input": f.pod({"initContainers": [f.c("i", {"allowPrivilegeEscalation": true})], "containers": [f.c("a", f.restricted_sc)]})},
	{"name": "false everywhere", "expect": "pass", "input": f.cronjob({"initContainers": [f.c("i", f.restricted_sc)], "containers": [f.c("a", f.restricted_sc)]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.c("a", f.restricted_sc)], "initContainers": [f.nameless({"allowPrivilegeEscalation": true})]})},
	{"name": "a Windows pod is exempt from v1.25", "expect": "not_applicable", "input": f.pod({"os": {"name": "windows"}, "containers": [f.c("a", {})]})},
	{"name": "a Windows pod is checked at v1.24", "expect": "fail", "input": f.at(f.pod({"os": {"name": "windows"}, "containers": [f.c("a", {})]}), "v1.24")},
	{"name": "a Linux pod is not exempt", "expect": "fail", "input": f.pod({"os": {"name": "linux"}, "containers": [f.c("a", {})]})},
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
