package stance.rules.k8s.rbac.system_masters_binding_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "custom binding to system:masters", "expect": "fail", "input": f.binding("ClusterRoleBinding", "break-glass", "view", [{"kind": "Group", "name": "system:masters"}])},
	{"name": "binding to a named group", "expect": "pass", "input": f.binding("RoleBinding", "team", "edit", [{"kind": "Group", "name": "team-shop"}])},
	{"name": "the bootstrap binding", "expect": "not_applicable", "input": f.binding("ClusterRoleBinding", "cluster-admin", "cluster-admin", [{"kind": "Group", "name": "system:masters"}])},
	{"name": "not a binding", "expect": "not_applicable", "input": f.service},
]

test_cases if harness.check_cases("k8s.rbac.system_masters_binding", cases)
