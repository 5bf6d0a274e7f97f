package stance.rules.k8s.rbac.anonymous_binding_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.rbac.anonymous_binding as rule
import rego.v1

anon := f.binding("ClusterRoleBinding", "anon-view", "view", [{"kind": "User", "name": "system:anonymous", "apiGroup": "rbac.authorization.k8s.io"}])

cases := [
	{"name": "system:anonymous", "expect": "fail", "input": anon},
	{"name": "system:unauthenticated in a RoleBinding", "expect": "fail", "input": f.binding("RoleBinding", "open", "edit", [{"kind": "Group", "name": "system:unauthenticated"}])},
	{"name": "named users", "expect": "pass", "input": f.binding("ClusterRoleBinding", "ops", "view", [{"kind": "User", "name": "alice@example.com"}, {"kind": "Group", "name": "system:authenticated"}])},
	{"name": "a user called system:unauthenticated is not the group", "expect": "pass", "input": f.binding("RoleBinding", "odd", "view", [{"kind": "User", "name": "system:unauthenticated"}])},
	{"name": "the built-in public-info binding", "expect": "not_applicable", "input": f.binding("ClusterRoleBinding", "system:public-info-viewer", "system:public-info-viewer", [{"kind": "Group", "name": "system:unauthenticated"}])},
	{"name": "not a binding", "expect": "not_applicable", "input": f.service},
]

test_cases if harness.check_cases("k8s.rbac.anonymous_binding", cases)

test_message if {
	some finding in rule.deny with input as anon
	finding.msg == "ClusterRoleBinding app grants ClusterRole view to User system:anonymous (no credentials needed)"
}
