package stance.rules.k8s.pss.host_ipc_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.host_ipc as rule
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

default verdict(_) := "undefined"

unknown(case_input) if count(rule.unknown) > 0 with input as case_input

verdict(case_input) := "not_applicable" if rule.not_applicable with input as case_input

verdict(case_input) := "error" if {
	not rule.not_applicable with input as case_input
	unknown(case_input)
}

verdict(case_input) := "fail" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) > 0 with input as case_input
}

verdict(case_input) := "pass" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) == 0 with input as case_input
}

failures := [c.name | some c in cases; verdict(c.input) != c.expect]

test_cases if failures == []
