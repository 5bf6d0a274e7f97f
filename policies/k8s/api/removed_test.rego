package stance.rules.k8s.api.removed_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s_hygiene as h
import data.stance.rules.k8s.api.removed as rule
import rego.v1

ingress(api_version) := h.object_of("Ingress", api_version, {"spec": {"rules": []}})

at(case_input, version) := h.with_context(case_input, {"kube_version": version})

live_applied_with(v) := h.with_facts(h.object_of("Deployment", "apps/v1", {"spec": {}}), {"appliedApiVersion": v})

cases := [
	{"name": "extensions/v1beta1 Ingress, latest", "expect": "fail", "input": ingress("extensions/v1beta1")},
	{"name": "networking.k8s.io/v1 Ingress", "expect": "pass", "input": ingress("networking.k8s.io/v1")},
	{"name": "removed in v1.22, target v1.21: still served", "expect": "pass", "input": at(ingress("networking.k8s.io/v1beta1"), "v1.21")},
	{"name": "removed in v1.22, target v1.22", "expect": "fail", "input": at(ingress("networking.k8s.io/v1beta1"), "v1.22")},
	{"name": "a live object last applied with apps/v1beta2", "expect": "fail", "input": live_applied_with("apps/v1beta2")},
	{"name": "a live object last applied with apps/v1", "expect": "pass", "input": live_applied_with("apps/v1")},
	{"name": "PodSecurityPolicy at v1.25", "expect": "fail", "input": at(h.object_of("PodSecurityPolicy", "policy/v1beta1", {"spec": {}}), "v1.25")},
	{"name": "a target above the newest known version", "expect": "fail", "input": at(ingress("extensions/v1beta1"), "v1.40")},
	{"name": "an invalid target version: error", "expect": "error", "input": at(ingress("extensions/v1beta1"), "1.29")},
]

test_cases if harness.check_cases("k8s.api.removed", cases)

test_message_names_the_target if {
	some finding in rule.deny with input as at(ingress("networking.k8s.io/v1beta1"), "v1.29")
	finding.msg == "Ingress app uses networking.k8s.io/v1beta1, which Kubernetes stopped serving in v1.22 (target v1.29); use networking.k8s.io/v1"
}

test_message_latest if {
	some finding in rule.deny with input as live_applied_with("extensions/v1beta1")
	finding.msg == "Deployment app was last applied with extensions/v1beta1, which Kubernetes stopped serving in v1.16 (target latest known, v1.35); use apps/v1"
}
