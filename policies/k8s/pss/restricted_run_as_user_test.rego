package stance.rules.k8s.pss.restricted_run_as_user_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "pod runAsUser 0", "expect": "fail", "input": f.pod({"securityContext": {"runAsUser": 0}, "containers": [f.c("a", {})]})},
	{"name": "ephemeral container root", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})], "ephemeralContainers": [f.c("dbg", {"runAsUser": 0})]})},
	{"name": "non-zero", "expect": "pass", "input": f.pod({"securityContext": {"runAsUser": 10001}, "containers": [f.c("a", {"runAsUser": 1000})]})},
	{"name": "unset", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({"runAsUser": 0})]})},
	{"name": "a user-namespaced pod is exempt from v1.35", "expect": "not_applicable", "input": f.pod({"hostUsers": false, "securityContext": {"runAsUser": 0}, "containers": [f.c("a", {})]})},
	{"name": "a user-namespaced pod is checked at v1.34", "expect": "fail", "input": f.at(f.pod({"hostUsers": false, "securityContext": {"runAsUser": 0}, "containers": [f.c("a", {})]}), "v1.34")},
	{"name": "the check starts at v1.23", "expect": "not_applicable", "input": f.at(f.pod({"securityContext": {"runAsUser": 0}, "containers": [f.c("a", {})]}), "v1.22")},
]

test_cases if harness.check_cases("k8s.pss.restricted_run_as_user", cases)
