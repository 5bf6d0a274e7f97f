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
	{"name": "pod false fails even when every container sets true", "expect": "fail", "input": f.pod({"securityContext": {"runAsNonRoot": false}, "containers": [f.c("a", {"runAsNonRoot": true})]})},
	{"name": "a user-namespaced pod is exempt from v1.35", "expect": "not_applicable", "input": f.pod({"hostUsers": false, "containers": [f.c("a", {})]})},
	{"name": "a user-namespaced pod is checked at v1.34", "expect": "fail", "input": f.at(f.pod({"hostUsers": false, "containers": [f.c("a", {})]}), "v1.34")},
	{"name": "runAsNonRoot null on a container is unset, covered by the pod", "expect": "pass", "input": f.pod({"securityContext": {"runAsNonRoot": true}, "containers": [f.c("a", {"runAsNonRoot": null})]})},
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
