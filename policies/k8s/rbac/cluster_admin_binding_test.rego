package stance.rules.k8s.rbac.cluster_admin_binding_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.rbac.cluster_admin_binding as rule
import rego.v1

alice := [{"kind": "User", "name": "alice@example.com"}]

view_rules := [{"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list", "watch"]}]

cases := [
	{"name": "bound to a user", "expect": "fail", "input": f.binding("ClusterRoleBinding", "alice-admin", "cluster-admin", alice)},
	{"name": "bound to a service account", "expect": "fail", "input": f.binding("ClusterRoleBinding", "ci-admin", "cluster-admin", [{"kind": "ServiceAccount", "name": "deployer", "namespace": "ci"}])},
	{"name": "the bootstrap binding to system:masters", "expect": "pass", "input": f.binding("ClusterRoleBinding", "cluster-admin", "cluster-admin", [{"kind": "Group", "name": "system:masters"}])},
	{"name": "another role whose rules are known", "expect": "not_applicable", "input": f.joined_binding("ClusterRoleBinding", "alice-view", "ClusterRole", "view", alice, f.role_rules("ClusterRole", "view", view_rules))},
	{"name": "a ClusterRole granting * on * under another name", "expect": "fail", "input": f.joined_binding("ClusterRoleBinding", "alice-super", "ClusterRole", "superuser", alice, f.role_rules("ClusterRole", "superuser", [f.wildcard_rule]))},
	{"name": "a namespaced Role granting * on *", "expect": "fail", "input": f.joined_binding("RoleBinding", "alice-ns-admin", "Role", "everything", alice, f.role_rules("Role", "everything", [view_rules[0], f.wildcard_rule]))},
	{"name": "wildcards in two fields only is not every permission", "expect": "not_applicable", "input": f.joined_binding("ClusterRoleBinding", "alice-pods", "ClusterRole", "pods-all", alice, f.role_rules("ClusterRole", "pods-all", [{"apiGroups": ["*"], "resources": ["pods"], "verbs": ["*"]}]))},
	{"name": "a wildcard role bound to system:masters only", "expect": "pass", "input": f.joined_binding("ClusterRoleBinding", "masters-super", "ClusterRole", "superuser", [{"kind": "Group", "name": "system:masters"}], f.role_rules("ClusterRole", "superuser", [f.wildcard_rule]))},
	{"name": "role not collected: error, not a pass", "expect": "error", "input": f.joined_binding("ClusterRoleBinding", "alice-x", "ClusterRole", "custom", alice, {"collected": false, "kind": "ClusterRole", "name": "custom", "reason": "ClusterRole custom is not among the collected objects"})},
	{"name": "never joined (old snapshot): error", "expect": "error", "input": f.binding("ClusterRoleBinding", "alice-x", "custom", alice)},
	{"name": "role listed completely and absent grants nothing", "expect": "not_applicable", "input": f.joined_binding("ClusterRoleBinding", "alice-gone", "ClusterRole", "gone", alice, {"collected": true, "exists": false, "kind": "ClusterRole", "name": "gone", "rules": []})},
	{"name": "built-in system: binding", "expect": "not_applicable", "input": f.joined_binding("ClusterRoleBinding", "system:controller:x", "ClusterRole", "system:controller:x", alice, f.role_rules("ClusterRole", "system:controller:x", [f.wildcard_rule]))},
	{"name": "a subject without a name is still reported", "expect": "fail", "input": f.binding("ClusterRoleBinding", "anon-admin", "cluster-admin", [{"kind": "User"}])},
]

test_cases if harness.check_cases("k8s.rbac.cluster_admin_binding", cases)

test_message_names_the_role if {
	some finding in rule.deny with input as cases[4].input
	finding.msg == "ClusterRoleBinding app binds ClusterRole superuser (every verb on every resource: cluster-admin in effect) to User alice@example.com"
}
