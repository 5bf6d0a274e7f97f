package stance.rules.aws.ec2.image_public_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.image_public as rule
import rego.v1

cases := [
	{"name": "private", "expect": "pass", "input": fx.image({})},
	{"name": "public", "expect": "fail", "input": fx.image({"Public": true})},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.image({}), ["resource/config/Public"])},
]

test_cases if harness.check_cases("aws.ec2.image_public", cases)

test_message if {
	some f in rule.deny with input as fx.image({"Public": true})
	f.msg == "AMI ami-0a1b2c3d4e5f60718 (shop-web-2025-10) is public"
}
