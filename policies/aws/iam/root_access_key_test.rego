package stance.rules.aws.iam.root_access_key_test

import data.stance.lib.testing.aws as fx
import data.stance.rules.aws.iam.root_access_key as rule
import rego.v1

cases := [
	{"name": "no root access keys", "expect": "pass", "input": fx.iam_account({}, {}, {})},
	{"name": "key 1 active", "expect": "fail", "input": fx.iam_account({"access_key_1_active": "true", "access_key_1_last_rotated": "2021-06-01T10:00:00+00:00"}, {"AccountAccessKeysPresent": 1}, {})},
	{"name": "key 2 active only", "expect": "fail", "input": fx.iam_account({"access_key_2_active": "true"}, {}, {})},
	{"name": "inactive keys still present per the account summary", "expect": "fail", "input": fx.iam_account({}, {"AccountAccessKeysPresent": 1}, {})},
	{"name": "summary only, no key", "expect": "pass", "input": fx.iam_account({}, {}, {"Root": null})},
	{"name": "nothing collected is error: not reported, never a guess", "expect": "error", "input": fx.iam_account({}, {}, {"Root": null, "AccountSummary": null})},
]

test_message_names_both_keys if {
	some finding in rule.deny with input as fx.iam_account({"access_key_1_active": "true", "access_key_2_active": "true"}, {}, {})
	finding.msg == "the root user has an active access key (credential report: key 1 and 2)"
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
