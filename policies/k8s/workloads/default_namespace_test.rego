package stance.rules.k8s.workloads.default_namespace_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.workloads.default_namespace as rule
import rego.v1

in_namespace(case, ns) := object.union(case, {"resource": {"region": ns}})

cases := [
	{"name": "pod in default", "expect": "fail", "input": in_namespace(f.pod({"containers": [f.c("a", {})]}), "default")},
	{"name": "service in default", "expect": "fail", "input": in_namespace(f.resource("Service", "k8s.service", {"kind": "Service", "metadata": {"name": "web"}}), "default")},
	{"name": "pod in its own namespace", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "the kubernetes API service", "expect": "not_applicable", "input": in_namespace(f.resource("Service", "k8s.service", {"kind": "Service", "metadata": {"name": "kubernetes"}}), "default")},
	{"name": "controller-owned pod", "expect": "not_applicable", "input": in_namespace(f.owned_pod({"containers": [f.c("a", {})]}), "default")},
]

default verdict(_) := "undefined"

verdict(case_input) := "not_applicable" if rule.not_applicable with input as case_input

verdict(case_input) := "fail" if {
	not rule.not_applicable with input as case_input
	count(rule.deny) > 0 with input as case_input
}

verdict(case_input) := "pass" if {
	not rule.not_applicable with input as case_input
	count(rule.deny) == 0 with input as case_input
}

failures := [c.name | some c in cases; verdict(c.input) != c.expect]

test_cases if failures == []
