package stance.rules.k8s.network.namespace_network_policy_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.network.namespace_network_policy as rule
import rego.v1

namespace(stance) := f.resource("Namespace", "k8s.namespace", object.union(
	{"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "shop", "labels": {"pod-security.kubernetes.io/enforce": "baseline"}}},
	stance,
))

cases := [
	{"name": "two policies", "expect": "pass", "input": namespace({"stance": {"networkPolicies": 2}})},
	{"name": "no policy", "expect": "fail", "input": namespace({"stance": {"networkPolicies": 0}})},
	{"name": "NetworkPolicy listing forbidden", "expect": "error", "input": namespace({"stance": {"networkPolicies": {"collected": false, "error": "k8s/prod/NetworkPolicy: list NetworkPolicy: HTTP 403"}}})},
	{"name": "not joined at all (hand-made snapshot)", "expect": "error", "input": namespace({})},
	{"name": "not a Namespace", "expect": "not_applicable", "input": f.service},
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
