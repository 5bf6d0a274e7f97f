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
	{"name": "a Windows pod is exempt from v1.25", "expect": "not_applicable", "input": f.pod({"os": {"name": "windows"}, "containers": [f.c("a", {})]})},
	{"name": "a Windows pod is checked at v1.24", "expect": "fail", "input": f.at(f.pod({"os": {"name": "windows"}, "containers": [f.c("a", {})]}), "v1.24")},
	{"name": "pod Unconfined fails even when every container sets RuntimeDefault", "expect": "fail", "input": f.pod({"securityContext": {"seccompProfile": {"type": "Unconfined"}}, "containers": [f.c("a", {"seccompProfile": {"type": "RuntimeDefault"}})]})},
	{"name": "the check starts at v1.19", "expect": "not_applicable", "input": f.at(f.pod({"containers": [f.c("a", {})]}), "v1.18")},
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
