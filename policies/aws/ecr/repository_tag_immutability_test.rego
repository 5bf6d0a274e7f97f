package stance.rules.aws.ecr.repository_tag_immutability_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "immutable", "expect": "pass", "input": fx.ecr_repository({})},
	{"name": "immutable with exclusions", "expect": "pass", "input": fx.ecr_repository({"imageTagMutability": "IMMUTABLE_WITH_EXCLUSION"})},
	{"name": "mutable", "expect": "fail", "input": fx.ecr_repository({"imageTagMutability": "MUTABLE"})},
	{"name": "mutable with exclusions", "expect": "fail", "input": fx.ecr_repository({"imageTagMutability": "MUTABLE_WITH_EXCLUSION"})},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.ecr_repository({}), ["resource/config/imageTagMutability"])},
]

test_cases if harness.check_cases("aws.ecr.repository_tag_immutability", cases)
