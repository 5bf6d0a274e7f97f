package stance.rules.k8s.workloads.net_raw_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.workloads.net_raw as rule
import rego.v1

cases := [
	{"name": "drops ALL", "expect": "pass", "input": f.pod({"containers": [f.c("app", {"capabilities": {"drop": ["ALL"]}})]})},
	{"name": "drops NET_RAW by its CAP_ name", "expect": "pass", "input": f.deployment({"containers": [f.c("app", {"capabilities": {"drop": ["CAP_NET_RAW"]}})]})},
	{"name": "drops nothing", "expect": "fail", "input": f.pod({"containers": [{"name": "app", "image": "nginx:1.27"}]})},
	{"name": "drops other capabilities", "expect": "fail", "input": f.pod({"containers": [f.c("app", {"capabilities": {"drop": ["SYS_ADMIN"]}})]})},
	{"name": "drops ALL, adds NET_RAW back", "expect": "fail", "input": f.pod({"containers": [f.c("app", {"capabilities": {"drop": ["ALL"], "add": ["net_raw"]}})]})},
	{"name": "init container keeps it", "expect": "fail", "input": f.cronjob({"initContainers": [f.c("setup", {})], "containers": [f.c("app", {"capabilities": {"drop": ["ALL"]}})]})},
	{"name": "object without a pod spec", "expect": "not_applicable", "input": f.service},
	{"name": "controller-owned pod is reported on its controller", "expect": "not_applicable", "input": f.owned_pod({"containers": [f.c("app", {})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({})]})},
]

test_cases if harness.check_cases("k8s.workloads.net_raw", cases)

test_message if {
	some finding in rule.deny with input as f.pod({"containers": [f.c("app", {"capabilities": {"drop": ["ALL"], "add": ["NET_RAW"]}})]})
	finding.msg == "container \"app\" adds NET_RAW"
}
