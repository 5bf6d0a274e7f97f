package stance.rules.k8s.pss.restricted_privilege_escalation_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "unset", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "true on an init container", "expect": "fail", "input": f.pod({"initContainers": [f.c("i", {"allowPrivilegeEscalation": true})], "containers": [f.c("a", f.restricted_sc)]})},
	{"name": "false everywhere", "expect": "pass", "input": f.cronjob({"initContainers": [f.c("i", f.restricted_sc)], "containers": [f.c("a", f.restricted_sc)]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.c("a", f.restricted_sc)], "initContainers": [f.nameless({"allowPrivilegeEscalation": true})]})},
	{"name": "a Windows pod is exempt from v1.25", "expect": "not_applicable", "input": f.pod({"os": {"name": "windows"}, "containers": [f.c("a", {})]})},
	{"name": "a Windows pod is checked at v1.24", "expect": "fail", "input": f.at(f.pod({"os": {"name": "windows"}, "containers": [f.c("a", {})]}), "v1.24")},
	{"name": "a Linux pod is not exempt", "expect": "fail", "input": f.pod({"os": {"name": "linux"}, "containers": [f.c("a", {})]})},
]

test_cases if harness.check_cases("k8s.pss.restricted_privilege_escalation", cases)
