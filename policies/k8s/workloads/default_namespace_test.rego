package stance.rules.k8s.workloads.default_namespace_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import rego.v1

in_namespace(case, ns) := object.union(case, {"resource": {"region": ns}})

cases := [
	{"name": "pod in default", "expect": "fail", "input": in_namespace(f.pod({"containers": [f.c("a", {})]}), "default")},
	{"name": "service in default", "expect": "fail", "input": in_namespace(f.resource("Service", "k8s.service", {"kind": "Service", "metadata": {"name": "web"}}), "default")},
	{"name": "pod in its own namespace", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "the kubernetes API service", "expect": "not_applicable", "input": in_namespace(f.resource("Service", "k8s.service", {"kind": "Service", "metadata": {"name": "kubernetes"}}), "default")},
	{"name": "controller-owned pod", "expect": "not_applicable", "input": in_namespace(f.owned_pod({"containers": [f.c("a", {})]}), "default")},
]

test_cases if harness.check_cases("k8s.workloads.default_namespace", cases)
