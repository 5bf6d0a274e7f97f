package stance.rules.k8s.workloads.security_context_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

bare := {"name": "app", "image": "registry.example/app:1.0"}

cases := [
	{"name": "no security context anywhere", "expect": "fail", "input": f.pod({"containers": [bare]})},
	{"name": "empty security contexts", "expect": "fail", "input": f.pod({"securityContext": {}, "containers": [f.c("app", {})]})},
	{"name": "bare init container in a Deployment", "expect": "fail", "input": f.deployment({"initContainers": [object.union(bare, {"name": "setup"})], "containers": [f.c("app", f.restricted_sc)]})},
	{"name": "bare CronJob container", "expect": "fail", "input": f.cronjob({"containers": [bare]})},
	{"name": "container security context", "expect": "pass", "input": f.pod({"containers": [f.c("app", f.restricted_sc)]})},
	{"name": "pod-level security context covers bare containers", "expect": "pass", "input": f.deployment({"securityContext": {"runAsNonRoot": true}, "containers": [bare]})},
	{"name": "object without a pod spec", "expect": "not_applicable", "input": f.service},
	{"name": "controller-owned pod is reported on its controller", "expect": "not_applicable", "input": f.owned_pod({"containers": [bare]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [{"image": "i"}]})},
]

test_cases if harness.check_cases("k8s.workloads.security_context", cases)
