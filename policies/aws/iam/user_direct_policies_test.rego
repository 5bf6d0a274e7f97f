package stance.rules.aws.iam.user_direct_policies_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.iam.user_direct_policies as rule
import rego.v1

inline := {"PolicyName": "read-reports", "PolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-reports/*"}]}}

managed := {"PolicyName": "AmazonEC2ReadOnlyAccess", "PolicyArn": "arn:aws:iam::aws:policy/AmazonEC2ReadOnlyAccess"}

cases := [
	{"name": "permissions through groups only", "expect": "pass", "input": fx.iam_user({})},
	{"name": "no groups and no policies", "expect": "pass", "input": fx.iam_user({"GroupList": []})},
	{"name": "inline policy", "expect": "fail", "input": fx.iam_user({"UserPolicyList": [inline]})},
	{"name": "managed policy attached to the user", "expect": "fail", "input": fx.iam_user({"AttachedManagedPolicies": [managed]})},
	{"name": "an empty policy list left out of the answer means none", "expect": "pass", "input": json.remove(fx.iam_user({}), ["resource/config/UserPolicyList", "resource/config/AttachedManagedPolicies"])},
]

test_cases if harness.check_cases("aws.iam.user_direct_policies", cases)

test_message if {
	some finding in rule.deny with input as fx.iam_user({"AttachedManagedPolicies": [managed]})
	finding.msg == "IAM user alice has managed policies attached directly: AmazonEC2ReadOnlyAccess"
}
