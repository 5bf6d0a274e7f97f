package stance.rules.k8s.pss.capabilities_baseline_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "SYS_ADMIN", "expect": "fail", "input": f.pod({"containers": [f.c("a", {"capabilities": {"add": ["SYS_ADMIN"]}})]})},
	{"name": "NET_RAW on an ephemeral container", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})], "ephemeralContainers": [f.c("dbg", {"capabilities": {"add": ["NET_RAW"]}})]})},
	{"name": "NET_BIND_SERVICE is in the default set", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"capabilities": {"add": ["NET_BIND_SERVICE"], "drop": ["ALL"]}})]})},
	{"name": "no capabilities added", "expect": "pass", "input": f.deployment({"containers": [f.c("a", {"capabilities": {"drop": ["ALL"]}})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({"capabilities": {"add": ["SYS_ADMIN"]}})]})},
]

test_cases if harness.check_cases("k8s.pss.capabilities_baseline", cases)
