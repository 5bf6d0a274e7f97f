package stance.rules.k8s.pss.restricted_volume_types_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.restricted_volume_types as rule
import rego.v1

cases := [
	{"name": "nfs", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})], "volumes": [{"name": "share", "nfs": {"server": "10.0.0.5", "path": "/export"}}]})},
	{"name": "hostPath", "expect": "fail", "input": f.deployment({"containers": [f.c("a", {})], "volumes": [{"name": "h", "hostPath": {"path": "/"}}]})},
	{"name": "allowed types", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})], "volumes": [{"name": "a", "emptyDir": {}}, {"name": "b", "secret": {"secretName": "s"}}, {"name": "c", "projected": {"sources": []}}]})},
	{"name": "a volume without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})], "volumes": [{"nfs": {"server": "10.0.0.5", "path": "/"}}]})},
	{"name": "image volumes are allowed", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})], "volumes": [{"name": "models", "image": {"reference": "registry.example/models:1", "pullPolicy": "IfNotPresent"}}]})},
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
