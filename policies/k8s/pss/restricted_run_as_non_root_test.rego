package stance.rules.k8s.pss.restricted_run_as_non_root_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "unset", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "pod true but a container false", "expect": "fail", "input": f.pod({"securityContext": {"runAsNonRoot": true}, "containers": [f.c("a", {"runAsNonRoot": false})]})},
	{"name": "pod-level true covers every container", "expect": "pass", "input": f.deployment({"securityContext": {"runAsNonRoot": true}, "initContainers": [f.c("i", {})], "containers": [f.c("a", {})]})},
	{"name": "each container true", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"runAsNonRoot": true})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({})]})},
	{"name": "pod false fails even when every container sets true", "expect": "fail", "input": f.pod({"securityContext": {"runAsNonRoot": false}, "containers": [f.c("a", {"runAsNonRoot": true})]})},
	{"name": "a user-namespaced pod is exempt from v1.35", "expect": "not_applicable", "input": f.pod({"hostUsers": false, "containers": [f.c("a", {})]})},
	{"name": "a user-namespaced pod is checked at v1.34", "expect": "fail", "input": f.at(f.pod({"hostUsers": false, "containers": [f.c("a", {})]}), "v1.34")},
	{"name": "runAsNonRoot null on a container is unset, covered by the pod", "expect": "pass", "input": f.pod({"securityContext": {"runAsNonRoot": true}, "containers": [f.c("a", {"runAsNonRoot": null})]})},
]

test_cases if harness.check_cases("k8s.pss.restricted_run_as_non_root", cases)
