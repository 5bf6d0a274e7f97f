package stance.rules.aws.autoscaling.group_multi_az_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.autoscaling.group_multi_az as rule
import rego.v1

cases := [
	{"name": "two zones", "expect": "pass", "input": fx.asg({})},
	{"name": "one zone", "expect": "fail", "input": fx.asg({"AvailabilityZones": ["eu-west-1a"]})},
	{"name": "zones not reported", "expect": "error", "input": json.remove(fx.asg({}), ["resource/config/AvailabilityZones"])},
]

test_cases if harness.check_cases("aws.autoscaling.group_multi_az", cases)

test_message if {
	some f in rule.deny with input as fx.asg({"AvailabilityZones": ["eu-west-1a"]})
	f.msg == "Auto Scaling group shop-web uses 1 Availability Zone(s)"
}
