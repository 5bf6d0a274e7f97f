package stance.rules.k8s.pss.restricted_capabilities_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "no drop", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "adds CHOWN", "expect": "fail", "input": f.pod({"containers": [f.c("a", {"capabilities": {"drop": ["ALL"], "add": ["CHOWN"]}})]})},
	{"name": "init container without drop", "expect": "fail", "input": f.pod({"initContainers": [f.c("i", {})], "containers": [f.c("a", f.restricted_sc)]})},
	{"name": "drop ALL add NET_BIND_SERVICE", "expect": "pass", "input": f.deployment({"containers": [f.c("a", {"capabilities": {"drop": ["ALL"], "add": ["NET_BIND_SERVICE"]}})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.c("a", f.restricted_sc), f.nameless({"capabilities": {"drop": ["ALL"], "add": ["SYS_ADMIN"]}})]})},
	{"name": "a Windows pod is exempt from v1.25", "expect": "not_applicable", "input": f.pod({"os": {"name": "windows"}, "containers": [f.c("a", {})]})},
	{"name": "a Windows pod is checked at v1.24", "expect": "fail", "input": f.at(f.pod({"os": {"name": "windows"}, "containers": [f.c("a", {})]}), "v1.24")},
	{"name": "the check starts at v1.22", "expect": "not_applicable", "input": f.at(f.pod({"containers": [f.c("a", {})]}), "v1.21")},
]

test_cases if harness.check_cases("k8s.pss.restricted_capabilities", cases)
