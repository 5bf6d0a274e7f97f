package stance.rules.k8s.pss.proc_mount_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.proc_mount as rule
import rego.v1

cases := [
	{"name": "Unmasked", "expect": "fail", "input": f.pod({"containers": [f.c("a", {"procMount": "Unmasked"})]})},
	{"name": "Default", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"procMount": "Default"})]})},
	{"name": "unset", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({"procMount": "Unmasked"})]})},
]

default verdict(_) := "undefined"

verdict(case_input) := "not_applicable" if rule.not_applicable with input as case_input

verdict(case_input) := "fail" if {
	not rule.not_applicable with input as case_input
	count(rule.deny) > 0 with input as case_input
}

verdict(case_input) := "pass" if {
	not rule.not_applicable with input as case_input
	count(rule.deny) == 0 with input as case_input
}

failures := [c.name | some c in cases; verdict(c.input) != c.expect]

test_cases if failures == []
