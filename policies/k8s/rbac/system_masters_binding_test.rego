package stance.rules.k8s.rbac.system_masters_binding_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.rbac.system_masters_binding as rule
import rego.v1

cases := [
	{"name": "custom binding to system:masters", "expect": "fail", "input": f.binding("ClusterRoleBinding", "break-glass", "view", [{"kind": "Group", "name": "system:masters"}])},
	{"name": "binding to a named group", "expect": "pass", "input": f.binding("RoleBinding", "team", "edit", [{"kind": "Group", "name": "team-shop"}])},
	{"name": "the bootstrap binding", "expect": "not_applicable", "input": f.binding("ClusterRoleBinding", "cluster-admin", "cluster-admin", [{"kind": "Group", "name": "system:masters"}])},
	{"name": "not a binding", "expect": "not_applicable", "input": f.service},
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
