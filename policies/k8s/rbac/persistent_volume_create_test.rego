package stance.rules.k8s.rbac.persistent_volume_create_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "explicit grant", "expect": "fail", "input": f.role("ClusterRole", "ops", [{"apiGroups": [""], "resources": ["persistentvolumes"], "verbs": ["create"]}])},
	{"name": "wildcard verbs and resources", "expect": "fail", "input": f.role("Role", "admin-ish", [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])},
	{"name": "read-only on other resources", "expect": "pass", "input": f.role("Role", "viewer", [{"apiGroups": [""], "resources": ["configmaps", "services"], "verbs": ["get", "list"]}])},
	{"name": "built-in system role", "expect": "not_applicable", "input": f.role("ClusterRole", "system:controller:x", [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])},
	{"name": "not a role", "expect": "not_applicable", "input": f.service},
]

test_cases if harness.check_cases("k8s.rbac.persistent_volume_create", cases)
