package stance.rules.aws.iam.password_policy_complexity_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.iam.password_policy_complexity as rule
import rego.v1

cases := [
	{"name": "strong policy", "expect": "pass", "input": fx.password_policy({})},
	{"name": "exactly 8 characters", "expect": "pass", "input": fx.password_policy({"MinimumPasswordLength": 8})},
	{"name": "no symbols", "expect": "fail", "input": fx.password_policy({"RequireSymbols": false})},
	{"name": "7 characters, no upper case", "expect": "fail", "input": fx.password_policy({"MinimumPasswordLength": 7, "RequireUppercaseCharacters": false})},
	{"name": "no password policy", "expect": "fail", "input": fx.no_password_policy},
	{"name": "existence not reported", "expect": "error", "input": fx.password_policy_resource({})},
	{"name": "a requirement not reported", "expect": "error", "input": json.remove(fx.password_policy({}), ["resource/config/PasswordPolicy/RequireNumbers"])},
]

test_cases if harness.check_cases("aws.iam.password_policy_complexity", cases)

test_message if {
	some finding in rule.deny with input as fx.password_policy({"MinimumPasswordLength": 7, "RequireUppercaseCharacters": false})
	finding.msg == "the IAM password policy is weak: RequireUppercaseCharacters is off; minimum length 7 (at least 8)"
}
