package stance.rules.aws.iam.root_mfa_test

import data.stance.lib.testing.aws as fx
import data.stance.rules.aws.iam.root_mfa as rule
import rego.v1

cases := [
	{"name": "root MFA enabled", "expect": "pass", "input": fx.iam_account({}, {}, {})},
	{"name": "root MFA disabled", "expect": "fail", "input": fx.iam_account({"mfa_active": "false"}, {"AccountMFAEnabled": 0}, {})},
	{"name": "summary lacks the key: error, never a guess", "expect": "error", "input": json.remove(fx.iam_account({}, {}, {}), ["resource/config/AccountSummary/AccountMFAEnabled"])},
	{"name": "summary missing is error: not reported, never a guess", "expect": "error", "input": fx.iam_account({}, {}, {"AccountSummary": null})},
]

test_message if {
	some finding in rule.deny with input as fx.iam_account({}, {"AccountMFAEnabled": 0}, {})
	finding.msg == "the root user of account 111122223333 has no MFA device (AccountMFAEnabled is 0)"
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
