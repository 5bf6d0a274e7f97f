package stance.rules.k8s.pss.host_pid_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "hostPID on a Pod", "expect": "fail", "input": f.pod({"hostPID": true, "containers": [f.c("a", {})]})},
	{"name": "hostPID in a Deployment", "expect": "fail", "input": f.deployment({"hostPID": true, "containers": [f.c("a", {})]})},
	{"name": "hostPID in a CronJob", "expect": "fail", "input": f.cronjob({"hostPID": true, "containers": [f.c("a", {})]})},
	{"name": "explicit false", "expect": "pass", "input": f.pod({"hostPID": false, "containers": [f.c("a", {})]})},
	{"name": "another namespace flag is another rule", "expect": "pass", "input": f.pod({"hostIPC": true, "containers": [f.c("a", {})]})},
	{"name": "controller-owned pod is reported on its controller", "expect": "not_applicable", "input": f.owned_pod({"hostPID": true, "containers": [f.c("a", {})]})},
	{"name": "not a workload", "expect": "not_applicable", "input": f.service},
]

test_cases if harness.check_cases("k8s.pss.host_pid", cases)
