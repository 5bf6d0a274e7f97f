package stance.rules.aws.ecr.repository_lifecycle_policy_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "lifecycle policy", "expect": "pass", "input": fx.ecr_repository({})},
	{"name": "no lifecycle policy", "expect": "fail", "input": fx.ecr_repository({"LifecyclePolicy": null})},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.ecr_repository({}), ["resource/config/LifecyclePolicy"])},
]

test_cases if harness.check_cases("aws.ecr.repository_lifecycle_policy", cases)
