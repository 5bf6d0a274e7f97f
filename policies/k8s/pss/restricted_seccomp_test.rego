package stance.rules.k8s.pss.restricted_seccomp_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.restricted_seccomp as rule
import rego.v1

cases := [
	{"name": "unset", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "container Unconfined overrides the pod", "expect": "fail", "input": f.pod({"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [f.c("a", {"seccompProfile": {"type": "Unconfined"}})]})},
	{"name": "pod RuntimeDefault", "expect": "pass", "input": f.deployment({"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [f.c("a", {})]})},
	{"name": "container Localhost", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"seccompProfile": {"type": "Localhost", "localhostProfile": "profiles/app.json"}})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({})]})},
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
