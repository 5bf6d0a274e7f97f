package stance.rules.k8s.pss.restricted_proc_mount_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.restricted_proc_mount as rule
import rego.v1

cases := [
	{"name": "Unmasked", "expect": "fail", "input": f.pod({"containers": [f.c("a", {"procMount": "Unmasked"})]})},
	{"name": "Unmasked in a user namespace is still forbidden", "expect": "fail", "input": f.pod({"hostUsers": false, "containers": [f.c("a", {"procMount": "Unmasked"})]})},
	{"name": "Unmasked on an init container at v1.30", "expect": "fail", "input": f.at(f.pod({"initContainers": [f.c("i", {"procMount": "Unmasked"})], "containers": [f.c("a", {})]}), "v1.30")},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({"procMount": "Unmasked"})]})},
	{"name": "Default", "expect": "pass", "input": f.deployment({"hostUsers": false, "containers": [f.c("a", {"procMount": "Default"})]})},
	{"name": "null is unset", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"procMount": null})]})},
	{"name": "unset", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "controller-owned pod is reported on its controller", "expect": "not_applicable", "input": f.owned_pod({"containers": [f.c("a", {"procMount": "Unmasked"})]})},
]

test_message if {
	some finding in rule.deny with input as f.pod({"containers": [f.nameless({"procMount": "Unmasked"})]})
	finding.msg == concat("", ["container containers[0] sets procMount: Unmasked", f.restricted_suffix])
}

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
