package stance.rules.k8s.rbac.pod_exec_attach_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.rbac.pod_exec_attach as rule
import rego.v1

exec_role := f.role("Role", "debugger", [{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]}])

cases := [
	{"name": "create on pods/exec", "expect": "fail", "input": exec_role},
	{"name": "get on pods/attach (WebSocket on older API servers)", "expect": "fail", "input": f.role("ClusterRole", "attach", [{"apiGroups": [""], "resources": ["pods/attach"], "verbs": ["get"]}])},
	{"name": "every subresource named exec", "expect": "fail", "input": f.role("ClusterRole", "exec-all", [{"apiGroups": [""], "resources": ["*/exec"], "verbs": ["create"]}])},
	{"name": "wildcards", "expect": "fail", "input": f.role("Role", "admin-ish", [f.wildcard_rule])},
	{"name": "pods and logs read-only", "expect": "pass", "input": f.role("Role", "viewer", [{"apiGroups": [""], "resources": ["pods", "pods/log"], "verbs": ["get", "list", "watch"]}])},
	{"name": "pods/* does not name subresources", "expect": "pass", "input": f.role("Role", "odd", [{"apiGroups": [""], "resources": ["pods/*"], "verbs": ["create"]}])},
	{"name": "exec in another API group", "expect": "pass", "input": f.role("Role", "other", [{"apiGroups": ["example.com"], "resources": ["pods/exec"], "verbs": ["create"]}])},
	{"name": "built-in system role", "expect": "not_applicable", "input": f.role("ClusterRole", "system:aggregate-to-edit", [{"apiGroups": [""], "resources": ["pods/exec"], "verbs": ["create"]}])},
	{"name": "not a role", "expect": "not_applicable", "input": f.service},
]

test_cases if harness.check_cases("k8s.rbac.pod_exec_attach", cases)

test_message_names_verbs if {
	some finding in rule.deny with input as exec_role
	finding.msg == "Role app can exec into Pods (create on pods/exec)"
}
