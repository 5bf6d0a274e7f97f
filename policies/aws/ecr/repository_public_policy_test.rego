package stance.rules.aws.ecr.repository_public_policy_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

pull := ["ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer", "ecr:BatchCheckLayerAvailability"]

with_policy(statements) := fx.ecr_repository({"Policy": fx.policy(statements)})

cases := [
	{"name": "no policy", "expect": "pass", "input": fx.ecr_repository({})},
	{"name": "pull for another account", "expect": "pass", "input": with_policy([{"Sid": "pull", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": pull}])},
	{"name": "pull for the organization", "expect": "pass", "input": with_policy([{"Sid": "pull", "Effect": "Allow", "Principal": "*", "Action": pull, "Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}}])},
	{"name": "pull for anyone", "expect": "fail", "input": with_policy([{"Sid": "pull", "Effect": "Allow", "Principal": "*", "Action": pull}])},
	{"name": "everything for AWS *", "expect": "fail", "input": with_policy([{"Sid": "all", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "ecr:*"}])},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.ecr_repository({}), ["resource/config/Policy"])},
	{"name": "policy not decodable", "expect": "error", "input": fx.ecr_repository({"Policy": {"stanceUndecodable": "%E0%A4%A"}})},
]

test_cases if harness.check_cases("aws.ecr.repository_public_policy", cases)
