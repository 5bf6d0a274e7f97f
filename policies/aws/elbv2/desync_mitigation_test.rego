package stance.rules.aws.elbv2.desync_mitigation_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.elbv2.desync_mitigation as rule
import rego.v1

cases := [
	{"name": "compliant", "expect": "pass", "input": fx.alb({})},
	{"name": "routing.http.desync_mitigation_mode monitor", "expect": "fail", "input": fx.alb({"Attributes": fx.alb_attributes({"routing.http.desync_mitigation_mode": "monitor"})})},
	{"name": "attribute not reported", "expect": "error", "input": fx.alb({"Attributes": [a | some a in fx.alb_attributes({}); a.Key != "routing.http.desync_mitigation_mode"]})},
	{"name": "attributes not reported", "expect": "error", "input": json.remove(fx.alb({}), ["resource/config/Attributes"])},
	{"name": "strictest", "expect": "pass", "input": fx.alb({"Attributes": fx.alb_attributes({"routing.http.desync_mitigation_mode": "strictest"})})},
	{"name": "network load balancer", "expect": "not_applicable", "input": fx.nlb({})},
]

test_cases if harness.check_cases("aws.elbv2.desync_mitigation", cases)

test_message if {
	some f in rule.deny with input as fx.alb({"Attributes": fx.alb_attributes({"routing.http.desync_mitigation_mode": "monitor"})})
	f.msg == "load balancer shop-web: desync mitigation does not block ambiguous requests (routing.http.desync_mitigation_mode is monitor)"
}
