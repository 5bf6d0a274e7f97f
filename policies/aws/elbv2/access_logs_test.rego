package stance.rules.aws.elbv2.access_logs_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.elbv2.access_logs as rule
import rego.v1

cases := [
	{"name": "compliant", "expect": "pass", "input": fx.alb({})},
	{"name": "access_logs.s3.enabled false", "expect": "fail", "input": fx.alb({"Attributes": fx.alb_attributes({"access_logs.s3.enabled": "false"})})},
	{"name": "attribute not reported", "expect": "error", "input": fx.alb({"Attributes": [a | some a in fx.alb_attributes({}); a.Key != "access_logs.s3.enabled"]})},
	{"name": "attributes not reported", "expect": "error", "input": json.remove(fx.alb({}), ["resource/config/Attributes"])},
	{"name": "network load balancer", "expect": "not_applicable", "input": fx.nlb({})},
]

test_cases if harness.check_cases("aws.elbv2.access_logs", cases)

test_message if {
	some f in rule.deny with input as fx.alb({"Attributes": fx.alb_attributes({"access_logs.s3.enabled": "false"})})
	f.msg == "load balancer shop-web: access logs are off (access_logs.s3.enabled is false)"
}
