package stance.rules.k8s.pss.host_ports_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.host_ports as rule
import rego.v1

cases := [
	{"name": "hostPort on a container", "expect": "fail", "input": f.pod({"containers": [{"name": "a", "image": "i", "ports": [{"containerPort": 80, "hostPort": 80}]}]})},
	{"name": "hostPort on an init container", "expect": "fail", "input": f.pod({"initContainers": [{"name": "i", "image": "i", "ports": [{"containerPort": 9, "hostPort": 9000}]}], "containers": [f.c("a", {})]})},
	{"name": "hostPort 0 means none", "expect": "pass", "input": f.pod({"containers": [{"name": "a", "image": "i", "ports": [{"containerPort": 80, "hostPort": 0}]}]})},
	{"name": "containerPort only", "expect": "pass", "input": f.deployment({"containers": [{"name": "a", "image": "i", "ports": [{"containerPort": 8080}]}]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [{"image": "i", "ports": [{"containerPort": 80, "hostPort": 80}]}]})},
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
