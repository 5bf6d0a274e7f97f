package stance.rules.k8s.pss.restricted_volume_types_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

cases := [
	{"name": "nfs", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})], "volumes": [{"name": "share", "nfs": {"server": "10.0.0.5", "path": "/export"}}]})},
	{"name": "hostPath", "expect": "fail", "input": f.deployment({"containers": [f.c("a", {})], "volumes": [{"name": "h", "hostPath": {"path": "/"}}]})},
	{"name": "allowed types", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})], "volumes": [{"name": "a", "emptyDir": {}}, {"name": "b", "secret": {"secretName": "s"}}, {"name": "c", "projected": {"sources": []}}]})},
	{"name": "a volume without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.c("a", {})], "volumes": [{"nfs": {"server": "10.0.0.5", "path": "/"}}]})},
	{"name": "image volumes are allowed", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})], "volumes": [{"name": "models", "image": {"reference": "registry.example/models:1", "pullPolicy": "IfNotPresent"}}]})},
]

test_cases if harness.check_cases("k8s.pss.restricted_volume_types", cases)
