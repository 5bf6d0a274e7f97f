package stance.rules.k8s.workloads.security_context_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.workloads.security_context as rule
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

default verdict(_) := "undefined"

verdict(case_input) := "not_applicable" if rule.not_applicable with input as case_input

verdict(case_input) := "fail" if {
	not rule.not_applicable with input as case_input
	count(rule.deny) > 0 with input as case_input
}

verdict(case_input) := "pass" if {
	not rule.not_applicable with input as case_input
	count(rule.deny) == 0 with input as case_input
}

failures := [c.name | some c in cases; verdict(c.input) != c.expect]

test_cases if failures == []
