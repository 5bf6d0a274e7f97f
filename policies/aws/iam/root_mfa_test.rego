package stance.rules.aws.iam.root_mfa_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.iam.root_mfa as rule
import rego.v1

cases := [
	{"name": "root MFA enabled", "expect": "pass", "input": fx.iam_account({}, {}, {})},
	{"name": "root MFA disabled", "expect": "fail", "input": fx.iam_account({"mfa_active": "false"}, {"AccountMFAEnabled": 0}, {})},
	{"name": "summary lacks the key: error, never a guess", "expect": "error", "input": json.remove(fx.iam_account({}, {}, {}), ["resource/config/AccountSummary/AccountMFAEnabled"])},
	{"name": "summary missing is error: not reported, never a guess", "expect": "error", "input": fx.iam_account({}, {}, {"AccountSummary": null})},
]

test_cases if harness.check_cases("aws.iam.root_mfa", cases)

test_message if {
	some finding in rule.deny with input as fx.iam_account({}, {"AccountMFAEnabled": 0}, {})
	finding.msg == "the root user of account 111122223333 has no MFA device (AccountMFAEnabled is 0)"
}
