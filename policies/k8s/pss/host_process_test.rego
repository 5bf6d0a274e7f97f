package stance.rules.k8s.pss.host_process_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "pod-level hostProcess", "expect": "fail", "input": f.pod({"securityContext": {"windowsOptions": {"hostProcess": true}}, "hostNetwork": true, "containers": [f.c("a", {})]})},
	{"name": "container-level hostProcess", "expect": "fail", "input": f.deployment({"containers": [f.c("a", {"windowsOptions": {"hostProcess": true}})]})},
	{"name": "hostProcess false", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"windowsOptions": {"hostProcess": false}})]})},
	{"name": "no windows options", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({"windowsOptions": {"hostProcess": true}})]})},
]

test_cases if harness.check_cases("k8s.pss.host_process", cases)
