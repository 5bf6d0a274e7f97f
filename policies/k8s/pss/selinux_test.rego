package stance.rules.k8s.pss.selinux_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.selinux as rule
import rego.v1

cases := [
	{"name": "custom type on the pod", "expect": "fail", "input": f.pod({"securityContext": {"seLinuxOptions": {"type": "spc_t"}}, "containers": [f.c("a", {})]})},
	{"name": "user on a container", "expect": "fail", "input": f.pod({"containers": [f.c("a", {"seLinuxOptions": {"user": "system_u"}})]})},
	{"name": "container_t with a level", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"seLinuxOptions": {"type": "container_t", "level": "s0:c123,c456"}})]})},
	{"name": "none", "expect": "pass", "input": f.pod({"containers": [f.c("a", {})]})},
	{"name": "a container without a name is reported by its place", "expect": "fail", "input": f.pod({"containers": [f.nameless({"seLinuxOptions": {"user": "system_u"}})]})},
	{"name": "container_engine_t is allowed from v1.31", "expect": "pass", "input": f.pod({"containers": [f.c("a", {"seLinuxOptions": {"type": "container_engine_t"}})]})},
	{"name": "container_engine_t is forbidden at v1.30", "expect": "fail", "input": f.at(f.pod({"containers": [f.c("a", {"seLinuxOptions": {"type": "container_engine_t"}})]}), "v1.30")},
	{"name": "user and role null are unset", "expect": "pass", "input": f.pod({"securityContext": {"seLinuxOptions": {"user": null, "role": null, "level": "s0:c1,c2"}}, "containers": [f.c("a", {})]})},
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
