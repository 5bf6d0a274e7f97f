package stance.rules.k8s.pss.host_probes_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.host_probes as rule
import rego.v1

probe(action, host) := {action: {"port": 8080, "host": host}}

with_probe(name, field, handler) := object.union(f.c(name, {}), {field: handler})

cases := [
	{"name": "liveness httpGet host", "expect": "fail", "input": f.pod({"containers": [with_probe("a", "livenessProbe", probe("httpGet", "169.254.169.254"))]})},
	{"name": "readiness tcpSocket host on an init container", "expect": "fail", "input": f.pod({"initContainers": [with_probe("i", "readinessProbe", probe("tcpSocket", "10.0.0.1"))], "containers": [f.c("a", {})]})},
	{"name": "startup probe host on an ephemeral container", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})], "ephemeralContainers": [with_probe("dbg", "startupProbe", probe("httpGet", "db.internal"))]})},
	{"name": "preStop httpGet host in a Deployment", "expect": "fail", "input": f.deployment({"containers": [object.union(f.c("a", {}), {"lifecycle": {"preStop": probe("httpGet", "10.0.0.9")}})]})},
	{"name": "postStart tcpSocket host (deprecated handler) in a CronJob", "expect": "fail", "input": f.cronjob({"containers": [object.union(f.c("a", {}), {"lifecycle": {"postStart": probe("tcpSocket", "10.0.0.9")}})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [object.union(f.nameless({}), {"livenessProbe": probe("httpGet", "10.0.0.1")})]})},
	{"name": "checked at a pinned v1.34", "expect": "fail", "input": f.at(f.pod({"containers": [with_probe("a", "livenessProbe", probe("httpGet", "10.0.0.1"))]}), "v1.34")},
	{"name": "no such check before v1.34", "expect": "not_applicable", "input": f.at(f.pod({"containers": [with_probe("a", "livenessProbe", probe("httpGet", "10.0.0.1"))]}), "v1.33")},
	{"name": "probes without host", "expect": "pass", "input": f.pod({"containers": [object.union(f.c("a", {}), {"livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}}, "readinessProbe": {"tcpSocket": {"port": 8080}}, "lifecycle": {"preStop": {"exec": {"command": ["sleep", "5"]}}}})]})},
	{"name": "empty and null host are unset", "expect": "pass", "input": f.pod({"containers": [object.union(f.c("a", {}), {"livenessProbe": probe("httpGet", ""), "readinessProbe": probe("tcpSocket", null)})]})},
	{"name": "no probes", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "controller-owned pod is reported on its controller", "expect": "not_applicable", "input": f.owned_pod({"containers": [with_probe("a", "livenessProbe", probe("httpGet", "10.0.0.1"))]})},
	{"name": "not a workload", "expect": "not_applicable", "input": f.service},
	{"name": "a version that is not v1.<minor>: error", "expect": "error", "input": f.at(f.pod({"containers": [f.c("a", {})]}), "newest")},
]

test_cases if harness.check_cases("k8s.pss.host_probes", cases)

test_message if {
	some finding in rule.deny with input as f.at(f.pod({"containers": [with_probe("a", "livenessProbe", probe("httpGet", "169.254.169.254"))]}), "v1.34")
	finding.msg == "container \"a\" sets livenessProbe.httpGet.host 169.254.169.254 (Pod Security Standards baseline, v1.34)"
}
