package stance.rules.k8s.pss.hostpath_volumes_test

import data.stance.lib.testing.harness
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

test_cases if harness.check_cases("k8s.pss.hostpath_volumes", cases)

test_nameless_message if {
	some finding in rule.deny with input as f.pod({"containers": [f.c("a", {})], "volumes": [{"hostPath": {"path": "/"}}]})
	finding.msg == concat("", ["volume volumes[0] mounts host path /", f.latest_suffix])
}
