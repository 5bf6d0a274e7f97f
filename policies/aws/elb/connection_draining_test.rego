package stance.rules.aws.elb.connection_draining_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.elb.connection_draining as rule
import rego.v1

cases := [
	{"name": "enabled", "expect": "pass", "input": fx.clb({})},
	{"name": "disabled", "expect": "fail", "input": fx.clb({"LoadBalancerAttributes": {"ConnectionDraining": {"Enabled": false}}})},
	{"name": "ConnectionDraining not reported", "expect": "error", "input": json.remove(fx.clb({}), ["resource/config/LoadBalancerAttributes/ConnectionDraining"])},
	{"name": "attributes not reported", "expect": "error", "input": json.remove(fx.clb({}), ["resource/config/LoadBalancerAttributes"])},
]

test_cases if harness.check_cases("aws.elb.connection_draining", cases)

test_message if {
	some f in rule.deny with input as fx.clb({"LoadBalancerAttributes": {"ConnectionDraining": {"Enabled": false}}})
	f.msg == "Classic Load Balancer legacy-web: connection draining is off"
}
