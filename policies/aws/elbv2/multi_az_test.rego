package stance.rules.aws.elbv2.multi_az_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.elbv2.multi_az as rule
import rego.v1

cases := [
	{"name": "two zones", "expect": "pass", "input": fx.alb({})},
	{"name": "one zone", "expect": "fail", "input": fx.alb({"AvailabilityZones": [{"ZoneName": "eu-west-1a", "SubnetId": "subnet-0aa11bb22cc33dd44"}]})},
	{"name": "zones not reported", "expect": "error", "input": json.remove(fx.alb({}), ["resource/config/AvailabilityZones"])},
]

test_cases if harness.check_cases("aws.elbv2.multi_az", cases)

test_message if {
	some f in rule.deny with input as fx.alb({"AvailabilityZones": [{"ZoneName": "eu-west-1a", "SubnetId": "subnet-0aa11bb22cc33dd44"}]})
	f.msg == "load balancer shop-web is in 1 Availability Zone(s): [\"eu-west-1a\"]"
}
