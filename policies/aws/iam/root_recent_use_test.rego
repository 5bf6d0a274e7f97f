package stance.rules.aws.iam.root_recent_use_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.iam.root_recent_use as rule
import rego.v1

cases := [
	{"name": "root password last used long ago", "expect": "pass", "input": fx.iam_account({}, {}, {})},
	{"name": "root never signed in", "expect": "pass", "input": fx.iam_account({"password_last_used": "no_information"}, {}, {})},
	{"name": "root password used 10 days ago", "expect": "fail", "input": fx.iam_account({"password_last_used": "2025-11-13T08:00:00+00:00"}, {}, {})},
	{"name": "root key used yesterday", "expect": "fail", "input": fx.iam_account({"access_key_2_active": "true", "access_key_2_last_used_date": "2025-11-22T17:45:00+00:00"}, {}, {})},
	{"name": "used exactly 90 days ago is outside the window", "expect": "pass", "input": fx.iam_account({"password_last_used": "2025-08-25T12:13:20+00:00"}, {}, {})},
	{"name": "used 89 days ago", "expect": "fail", "input": fx.iam_account({"password_last_used": "2025-08-26T12:13:20+00:00"}, {}, {})},
	{"name": "credential report missing is error: not reported, never a guess", "expect": "error", "input": fx.iam_account({}, {}, {"Root": null})},
]

test_cases if harness.check_cases("aws.iam.root_recent_use", cases)

test_message_gives_age if {
	some finding in rule.deny with input as fx.iam_account({"password_last_used": "2025-11-13T08:00:00+00:00"}, {}, {})
	finding.msg == "the root user's password was used 10 days ago (2025-11-13T08:00:00+00:00)"
}
