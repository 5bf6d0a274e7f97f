package stance.rules.aws.iam.password_min_length_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.iam.password_min_length as rule
import rego.v1

cases := [
	{"name": "16 characters", "expect": "pass", "input": fx.password_policy({})},
	{"name": "exactly 14", "expect": "pass", "input": fx.password_policy({"MinimumPasswordLength": 14})},
	{"name": "13 characters", "expect": "fail", "input": fx.password_policy({"MinimumPasswordLength": 13})},
	{"name": "AWS default of 8 set explicitly", "expect": "fail", "input": fx.password_policy({"MinimumPasswordLength": 8})},
	{"name": "no password policy", "expect": "fail", "input": fx.no_password_policy},
	{"name": "whether a policy exists not reported: error", "expect": "error", "input": fx.password_policy_resource({})},
	{"name": "length not reported: error, never 0", "expect": "error", "input": json.remove(fx.password_policy({}), ["resource/config/PasswordPolicy/MinimumPasswordLength"])},
]

test_cases if harness.check_cases("aws.iam.password_min_length", cases)

test_message if {
	some finding in rule.deny with input as fx.password_policy({"MinimumPasswordLength": 8})
	finding.msg == "the IAM password policy requires only 8 characters (at least 14 expected)"
}
