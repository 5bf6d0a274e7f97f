package stance.rules.aws.iam.password_reuse_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
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

test_cases if harness.check_cases("aws.iam.password_reuse", cases)

test_message if {
	some finding in rule.deny with input as fx.password_policy({"PasswordReusePrevention": 5})
	finding.msg == "the IAM password policy remembers only 5 previous passwords (24 expected)"
}
