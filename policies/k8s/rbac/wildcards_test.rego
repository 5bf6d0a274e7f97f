package stance.rules.k8s.rbac.wildcards_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.rbac.wildcards as rule
import rego.v1

cases := [
	{"name": "wildcard verbs", "expect": "fail", "input": f.role("Role", "deployer", [{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["*"]}])},
	{"name": "wildcard resources", "expect": "fail", "input": f.role("ClusterRole", "reader", [{"apiGroups": [""], "resources": ["*"], "verbs": ["get"]}])},
	{"name": "explicit", "expect": "pass", "input": f.role("Role", "deployer", [{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "update"]}])},
	{"name": "cluster-admin itself", "expect": "not_applicable", "input": f.role("ClusterRole", "cluster-admin", [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])},
	{"name": "built-in", "expect": "not_applicable", "input": f.role("ClusterRole", "system:aggregate-to-edit", [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])},
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
