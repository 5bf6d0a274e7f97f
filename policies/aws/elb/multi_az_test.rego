package stance.rules.aws.elb.multi_az_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.elb.multi_az as rule
import rego.v1

cases := [
	{"name": "two zones", "expect": "pass", "input": fx.clb({})},
	{"name": "one zone", "expect": "fail", "input": fx.clb({"AvailabilityZones": ["eu-west-1a"]})},
	{"name": "zones not reported", "expect": "error", "input": json.remove(fx.clb({}), ["resource/config/AvailabilityZones"])},
]

test_cases if harness.check_cases("aws.elb.multi_az", cases)

test_message if {
	some f in rule.deny with input as fx.clb({"AvailabilityZones": ["eu-west-1a"]})
	f.msg == "Classic Load Balancer legacy-web is in 1 Availability Zone(s)"
}
