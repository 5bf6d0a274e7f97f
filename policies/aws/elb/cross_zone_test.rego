package stance.rules.aws.elb.cross_zone_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.elb.cross_zone as rule
import rego.v1

cases := [
	{"name": "enabled", "expect": "pass", "input": fx.clb({})},
	{"name": "disabled", "expect": "fail", "input": fx.clb({"LoadBalancerAttributes": {"CrossZoneLoadBalancing": {"Enabled": false}}})},
	{"name": "CrossZoneLoadBalancing not reported", "expect": "error", "input": json.remove(fx.clb({}), ["resource/config/LoadBalancerAttributes/CrossZoneLoadBalancing"])},
	{"name": "attributes not reported", "expect": "error", "input": json.remove(fx.clb({}), ["resource/config/LoadBalancerAttributes"])},
]

test_cases if harness.check_cases("aws.elb.cross_zone", cases)

test_message if {
	some f in rule.deny with input as fx.clb({"LoadBalancerAttributes": {"CrossZoneLoadBalancing": {"Enabled": false}}})
	f.msg == "Classic Load Balancer legacy-web: cross-zone load balancing is off"
}
