package stance.rules.k8s.rbac.wildcards_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "wildcard verbs", "expect": "fail", "input": f.role("Role", "deployer", [{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["*"]}])},
	{"name": "wildcard resources", "expect": "fail", "input": f.role("ClusterRole", "reader", [{"apiGroups": [""], "resources": ["*"], "verbs": ["get"]}])},
	{"name": "explicit", "expect": "pass", "input": f.role("Role", "deployer", [{"apiGroups": ["apps"], "resources": ["deployments"], "verbs": ["get", "update"]}])},
	{"name": "cluster-admin itself", "expect": "not_applicable", "input": f.role("ClusterRole", "cluster-admin", [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])},
	{"name": "built-in", "expect": "not_applicable", "input": f.role("ClusterRole", "system:aggregate-to-edit", [{"apiGroups": ["*"], "resources": ["*"], "verbs": ["*"]}])},
]

test_cases if harness.check_cases("k8s.rbac.wildcards", cases)
