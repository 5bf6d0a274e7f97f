package stance.rules.k8s.api.deprecated_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s_hygiene as h
import data.stance.rules.k8s.api.deprecated as rule
import rego.v1

flow(api_version) := h.object_of("FlowSchema", api_version, {"spec": {}})

at(case_input, version) := h.with_context(case_input, {"kube_version": version})

cases := [
	{"name": "v1beta3 FlowSchema at v1.30: deprecated, still served", "expect": "fail", "input": at(flow("flowcontrol.apiserver.k8s.io/v1beta3"), "v1.30")},
	{"name": "v1beta3 FlowSchema at v1.28: not yet deprecated", "expect": "pass", "input": at(flow("flowcontrol.apiserver.k8s.io/v1beta3"), "v1.28")},
	{"name": "v1beta3 FlowSchema at v1.32: removed, the other rule's", "expect": "pass", "input": at(flow("flowcontrol.apiserver.k8s.io/v1beta3"), "v1.32")},
	{"name": "v1 FlowSchema", "expect": "pass", "input": at(flow("flowcontrol.apiserver.k8s.io/v1"), "v1.30")},
	{"name": "Endpoints: deprecated, never removed", "expect": "fail", "input": h.object_of("Endpoints", "v1", {"subsets": []})},
	{"name": "Endpoints before v1.33", "expect": "pass", "input": at(h.object_of("Endpoints", "v1", {"subsets": []}), "v1.32")},
	{"name": "an invalid target version: error", "expect": "error", "input": at(flow("flowcontrol.apiserver.k8s.io/v1beta3"), "latest-ish")},
]

test_cases if harness.check_cases("k8s.api.deprecated", cases)

test_message if {
	some finding in rule.deny with input as at(flow("flowcontrol.apiserver.k8s.io/v1beta3"), "v1.30")
	finding.msg == "FlowSchema app uses flowcontrol.apiserver.k8s.io/v1beta3, deprecated since v1.29 (target v1.30); it is removed in v1.32; use flowcontrol.apiserver.k8s.io/v1"
}
