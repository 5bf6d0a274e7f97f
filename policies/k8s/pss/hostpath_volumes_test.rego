package stance.rules.k8s.pss.hostpath_volumes_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.hostpath_volumes as rule
import rego.v1

cases := [
	{"name": "hostPath volume", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})], "volumes": [{"name": "logs", "hostPath": {"path": "/var/log"}}]})},
	{"name": "hostPath in a Deployment", "expect": "fail", "input": f.deployment({"containers": [f.c("a", {})], "volumes": [{"name": "sock", "hostPath": {"path": "/var/run/docker.sock", "type": "Socket"}}]})},
	{"name": "emptyDir and configMap", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})], "volumes": [{"name": "tmp", "emptyDir": {}}, {"name": "cfg", "configMap": {"name": "cfg"}}]})},
	{"name": "no volumes", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "a volume without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})], "volumes": [{"hostPath": {"path": "/"}}]})},
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

test_nameless_message if {
	some finding in rule.deny with input as f.pod({"containers": [f.c("a", {})], "volumes": [{"hostPath": {"path": "/"}}]})
	finding.msg == concat("", ["volume volumes[0] mounts host path /", f.latest_suffix])
}
