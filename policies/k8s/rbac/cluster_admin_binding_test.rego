package stance.rules.k8s.rbac.cluster_admin_binding_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.rbac.cluster_admin_binding as rule
import rego.v1

cases := [
	{"name": "bound to a user", "expect": "fail", "input": f.binding("ClusterRoleBinding", "alice-admin", "cluster-admin", [{"kind": "User", "name": "alice@example.com"}])},
	{"name": "bound to a service account", "expect": "fail", "input": f.binding("ClusterRoleBinding", "ci-admin", "cluster-admin", [{"kind": "ServiceAccount", "name": "deployer", "namespace": "ci"}])},
	{"name": "the bootstrap binding to system:masters", "expect": "pass", "input": f.binding("ClusterRoleBinding", "cluster-admin", "cluster-admin", [{"kind": "Group", "name": "system:masters"}])},
	{"name": "another role", "expect": "not_applicable", "input": f.binding("ClusterRoleBinding", "alice-view", "view", [{"kind": "User", "name": "alice@example.com"}])},
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
