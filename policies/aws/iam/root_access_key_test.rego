package stance.rules.aws.iam.root_access_key_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
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

test_cases if harness.check_cases("aws.iam.root_access_key", cases)

test_message_names_both_keys if {
	some finding in rule.deny with input as fx.iam_account({"access_key_1_active": "true", "access_key_2_active": "true"}, {}, {})
	finding.msg == "the root user has an active access key (credential report: key 1 and 2)"
}
