package stance.rules.aws.elb.desync_mitigation_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.elb.desync_mitigation as rule
import rego.v1

cases := [
	{"name": "defensive", "expect": "pass", "input": fx.clb({})},
	{"name": "strictest", "expect": "pass", "input": fx.clb({"LoadBalancerAttributes": {"AdditionalAttributes": [{"Key": "elb.http.desyncmitigationmode", "Value": "strictest"}]}})},
	{"name": "not set: defensive by default", "expect": "pass", "input": fx.clb({"LoadBalancerAttributes": {"AdditionalAttributes": []}})},
	{"name": "monitor", "expect": "fail", "input": fx.clb({"LoadBalancerAttributes": {"AdditionalAttributes": [{"Key": "elb.http.desyncmitigationmode", "Value": "monitor"}]}})},
	{"name": "attributes not reported", "expect": "error", "input": json.remove(fx.clb({}), ["resource/config/LoadBalancerAttributes"])},
]

test_cases if harness.check_cases("aws.elb.desync_mitigation", cases)

test_message if {
	some f in rule.deny with input as fx.clb({"LoadBalancerAttributes": {"AdditionalAttributes": [{"Key": "elb.http.desyncmitigationmode", "Value": "monitor"}]}})
	f.msg == "Classic Load Balancer legacy-web: desync mitigation mode is monitor"
}
