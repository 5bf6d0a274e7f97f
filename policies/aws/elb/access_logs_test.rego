package stance.rules.aws.elb.access_logs_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.elb.access_logs as rule
import rego.v1

cases := [
	{"name": "enabled", "expect": "pass", "input": fx.clb({})},
	{"name": "disabled", "expect": "fail", "input": fx.clb({"LoadBalancerAttributes": {"AccessLog": {"Enabled": false}}})},
	{"name": "AccessLog not reported", "expect": "error", "input": json.remove(fx.clb({}), ["resource/config/LoadBalancerAttributes/AccessLog"])},
	{"name": "attributes not reported", "expect": "error", "input": json.remove(fx.clb({}), ["resource/config/LoadBalancerAttributes"])},
]

test_cases if harness.check_cases("aws.elb.access_logs", cases)

test_message if {
	some f in rule.deny with input as fx.clb({"LoadBalancerAttributes": {"AccessLog": {"Enabled": false}}})
	f.msg == "Classic Load Balancer legacy-web: access logs are off"
}
