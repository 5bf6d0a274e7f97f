package stance.rules.k8s.network.namespace_network_policy_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
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

test_cases if harness.check_cases("k8s.network.namespace_network_policy", cases)
