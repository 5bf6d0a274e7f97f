package stance.rules.k8s.pss.capabilities_baseline_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.capabilities_baseline as rule
import rego.v1

cases := [
	{"name": "SYS_ADMIN", "expect": "fail", "input": f.pod({"containers": [f.c("a", {"capabilities": {"add": ["SYS_ADMIN"]}})]})},
	{"name": "NET_RAW on an ephemeral container", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})], "ephemeralContainers": [f.c("dbg", {"capabilities": {"add": ["NET_RAW"]}})]})},
	{"name": "NET_BIND_SERVICE is in the default set", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]}})]})},
	{"name": "no capabilities added", "expect": "pass", "input": f.deployment({"containers": [f.c("a", {"capabilities": {"drop": ["ALL"]}})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({"capabilities": {"add": ["SYS_ADMIN"]}})]})},
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
