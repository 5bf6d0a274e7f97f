package stance.rules.k8s.pss.restricted_seccomp_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "unset", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "container Unconfined overrides the pod", "expect": "fail", "input": f.pod({"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [f.c("a", {"seccompProfile": {"type": "Unconfined"}})]})},
	{"name": "pod RuntimeDefault", "expect": "pass", "input": f.deployment({"securityContext": {"seccompProfile": {"type": "RuntimeDefault"}}, "containers": [f.c("a", {})]})},
	{"name": "container Localhost", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"seccompProfile": {"type": "Localhost", "localhostProfile": "profiles/app.json"}})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({})]})},
	{"name": "a Windows pod is exempt from v1.25", "expect": "not_applicable", "input": f.pod({"os": {"name": "windows"}, "containers": [f.c("a", {})]})},
	{"name": "a Windows pod is checked at v1.24", "expect": "fail", "input": f.at(f.pod({"os": {"name": "windows"}, "containers": [f.c("a", {})]}), "v1.24")},
	{"name": "pod Unconfined fails even when every container sets RuntimeDefault", "expect": "fail", "input": f.pod({"securityContext": {"seccompProfile": {"type": "Unconfined"}}, "containers": [f.c("a", {"seccompProfile": {"type": "RuntimeDefault"}})]})},
	{"name": "the check starts at v1.19", "expect": "not_applicable", "input": f.at(f.pod({"containers": [f.c("a", {})]}), "v1.18")},
]

test_cases if harness.check_cases("k8s.pss.restricted_seccomp", cases)
