package stance.rules.aws.secretsmanager.secret_public_policy_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

with_policy(statements) := fx.secret({"ResourcePolicy": fx.policy(statements)})

read := {"Sid": "read", "Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}

cases := [
	{"name": "no policy", "expect": "pass", "input": fx.secret({})},
	{"name": "one role of another account", "expect": "pass", "input": with_policy([object.union(read, {"Principal": {"AWS": "arn:aws:iam::444455556666:role/orders"}})])},
	{"name": "anyone from one VPC endpoint", "expect": "pass", "input": with_policy([object.union(read, {"Principal": "*", "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1a2b3c4d"}}})])},
	{"name": "anyone", "expect": "fail", "input": with_policy([object.union(read, {"Principal": "*"})])},
	{"name": "anyone with a wildcard org condition", "expect": "fail", "input": with_policy([object.union(read, {"Principal": {"AWS": "*"}, "Condition": {"StringLike": {"aws:PrincipalOrgID": "*"}}})])},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.secret({}), ["resource/config/ResourcePolicy"])},
	{"name": "not decodable", "expect": "error", "input": fx.secret({"ResourcePolicy": {"stanceUndecodable": "{"}})},
]

test_cases if harness.check_cases("aws.secretsmanager.secret_public_policy", cases)
