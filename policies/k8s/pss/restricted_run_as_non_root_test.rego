package stance.rules.k8s.pss.restricted_run_as_non_root_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.restricted_run_as_non_root as rule
import rego.v1

cases := [
	{"name": "unset", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "pod true but a container false", "expect": "fail", "input": f.pod({"securityContext": {"runAsNonRoot": true}, "containers": [f.c("a", {"runAsNonRoot": false})]})},
	{"name": "pod-level true covers every container", "expect": "pass", "input": f.deployment({"securityContext": {"runAsNonRoot": true}, "initContainers": [f.c("i", {})], "containers": [f.c("a", {})]})},
	{"name": "each container true", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"runAsNonRoot": true})]})},
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
