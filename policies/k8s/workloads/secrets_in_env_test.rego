package stance.rules.k8s.workloads.secrets_in_env_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.workloads.secrets_in_env as rule
import rego.v1

cases := [
	{"name": "secretKeyRef", "expect": "fail", "input": f.pod({"containers": [{"name": "a", "image": "i", "env": [{"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "db", "key": "password"}}}]}]})},
	{"name": "envFrom secretRef in a Deployment", "expect": "fail", "input": f.deployment({"containers": [{"name": "a", "image": "i", "envFrom": [{"secretRef": {"name": "app-env"}}]}]})},
	{"name": "configMap values and plain env", "expect": "pass", "input": f.pod({"containers": [{"name": "a", "image": "i", "env": [{"name": "MODE", "value": "prod"}, {"name": "X", "valueFrom": {"configMapKeyRef": {"name": "c", "key": "x"}}}], "envFrom": [{"configMapRef": {"name": "c"}}]}]})},
	{"name": "secret mounted as a file", "expect": "pass", "input": f.pod({"containers": [{"name": "a", "image": "i", "volumeMounts": [{"name": "db", "mountPath": "/etc/db"}]}], "volumes": [{"name": "db", "secret": {"secretName": "db"}}]})},
	{"name": "a container and Secret reference without names are reported by place", "expect": "fail", "input": f.pod({"containers": [{"image": "i", "envFrom": [{"secretRef": {}}]}]})},
]

test_cases if harness.check_cases("k8s.workloads.secrets_in_env", cases)

test_nameless_message if {
	some finding in rule.deny with input as f.pod({"containers": [{"image": "i", "envFrom": [{"secretRef": {}}]}]})
	finding.msg == "container containers[0] loads a Secret without a name with envFrom"
}
