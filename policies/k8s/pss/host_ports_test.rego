package stance.rules.k8s.pss.host_ports_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "hostPort on a container", "expect": "fail", "input": f.pod({"containers": [{"name": "a", "image": "i", "ports": [{"containerPort": 80, "hostPort": 80}]}]})},
	{"name": "hostPort on an init container", "expect": "fail", "input": f.pod({"initContainers": [{"name": "i", "image": "i", "ports": [{"containerPort": 9, "hostPort": 9000}]}], "containers": [f.c("a", {})]})},
	{"name": "hostPort 0 means none", "expect": "pass", "input": f.pod({"containers": [{"name": "a", "image": "i", "ports": [{"containerPort": 80, "hostPort": 0}]}]})},
	{"name": "containerPort only", "expect": "pass", "input": f.deployment({"containers": [{"name": "a", "image": "i", "ports": [{"containerPort": 8080}]}]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [{"image": "i", "ports": [{"containerPort": 80, "hostPort": 80}]}]})},
]

test_cases if harness.check_cases("k8s.pss.host_ports", cases)
