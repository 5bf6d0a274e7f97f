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
