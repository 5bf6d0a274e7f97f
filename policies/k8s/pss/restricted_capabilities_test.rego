package stance.rules.k8s.pss.restricted_capabilities_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.restricted_capabilities as rule
import rego.v1

cases := [
	{"name": "no drop", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "adds CHOWN", "expect": "fail", "input": f.pod({"containers": [f.c("a", {"capabilities": {"drop": ["ALL"], "add": ["CHOWN"]}})]})},
	{"name": "init container without drop", "expect": "fail", "input": f.pod({"initContainers": [f.c("i", {})], "containers": [f.c("a", f.restricted_sc)]})},
	{"name": "drop ALL add NET_BIND_SERVICE", "expect": "pass", "input": f.deployment({"containers": [f.c("a", {"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.c("a", f.restricted_sc), f.nameless({"capabilities": {"drop": ["ALL"], "add": ["SYS_ADMIN"]}})]})},
	{"name": "a Windows pod is exempt from v1.25", "expect": "not_applicable", "input": f.pod({"os": {"name": "windows"}, "containers": [f.c("a", {})]})},
	{"name": "a Windows pod is checked at v1.24", "expect": "fail", "input": f.at(f.pod({"os": {"name": "windows"}, "containers": [f.c("a", {})]}), "v1.24")},
	{"name": "the check starts at v1.22", "expect": "not_applicable", "input": f.at(f.pod({"containers": [f.c("a", {})]}), "v1.21")},
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
