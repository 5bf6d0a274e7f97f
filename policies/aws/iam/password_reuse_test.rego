package stance.rules.aws.iam.password_reuse_test

import data.stance.lib.testing.aws as fx
import data.stance.rules.aws.iam.password_reuse as rule
import rego.v1

cases := [
	{"name": "24 remembered", "expect": "pass", "input": fx.password_policy({})},
	{"name": "5 remembered", "expect": "fail", "input": fx.password_policy({"PasswordReusePrevention": 5})},
	{"name": "reuse prevention unset", "expect": "fail", "input": json.remove(fx.password_policy({}), ["resource/config/PasswordPolicy/PasswordReusePrevention"])},
	{"name": "no password policy", "expect": "fail", "input": fx.no_password_policy},
	{"name": "whether a policy exists not reported: error", "expect": "error", "input": fx.password_policy_resource({})},
	{"name": "policy said to exist but not reported: error", "expect": "error", "input": fx.password_policy_resource({"exists": true})},
]

test_message if {
	some finding in rule.deny with input as fx.password_policy({"PasswordReusePrevention": 5})
	finding.msg == "the IAM password policy remembers only 5 previous passwords (24 expected)"
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
