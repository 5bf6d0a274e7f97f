package stance.rules.k8s.pss.host_ipc_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "hostIPC on a Pod", "expect": "fail", "input": f.pod({"hostIPC": true, "containers": [f.c("a", {})]})},
	{"name": "hostIPC in a Deployment", "expect": "fail", "input": f.deployment({"hostIPC": true, "containers": [f.c("a", {})]})},
	{"name": "hostIPC in a CronJob", "expect": "fail", "input": f.cronjob({"hostIPC": true, "containers": [f.c("a", {})]})},
	{"name": "explicit false", "expect": "pass", "input": f.pod({"hostIPC": false, "containers": [f.c("a", {})]})},
	{"name": "another namespace flag is another rule", "expect": "pass", "input": f.pod({"hostPID": true, "containers": [f.c("a", {})]})},
	{"name": "controller-owned pod is reported on its controller", "expect": "not_applicable", "input": f.owned_pod({"hostIPC": true, "containers": [f.c("a", {})]})},
	{"name": "not a workload", "expect": "not_applicable", "input": f.service},
]

test_cases if harness.check_cases("k8s.pss.host_ipc", cases)
