package stance.rules.k8s.rbac.default_service_account_test

import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.rbac.default_service_account as rule
import rego.v1

cases := [
	{"name": "default without the setting", "expect": "fail", "input": f.service_account("default", {})},
	{"name": "default with automount true", "expect": "fail", "input": f.service_account("default", {"automountServiceAccountToken": true})},
	{"name": "default with automount false", "expect": "pass", "input": f.service_account("default", {"automountServiceAccountToken": false})},
	{"name": "another service account", "expect": "not_applicable", "input": f.service_account("app", {})},
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
