package stance.rules.k8s.pss.unsafe_sysctls_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.unsafe_sysctls as rule
import rego.v1

cases := [
	{"name": "kernel.msgmax", "expect": "fail", "input": f.pod({"securityContext": {"sysctls": [{"name": "kernel.msgmax", "value": "65536"}]}, "containers": [f.c("a", {})]})},
	{"name": "safe sysctl", "expect": "pass", "input": f.pod({"securityContext": {"sysctls": [{"name": "net.ipv4.tcp_syncookies", "value": "1"}]}, "containers": [f.c("a", {})]})},
	{"name": "none", "expect": "pass", "input": f.deployment({"containers": [f.c("a", {})]})},
	{"name": "a sysctl without a name is unsafe and reported by its place", "expect": "fail", "input": f.pod({"securityContext": {"sysctls": [{"value": "1"}]}, "containers": [f.c("a", {})]})},
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
