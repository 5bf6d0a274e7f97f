package stance.rules.aws.elbv2.drop_invalid_headers_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.elbv2.drop_invalid_headers as rule
import rego.v1

cases := [
	{"name": "compliant", "expect": "pass", "input": fx.alb({})},
	{"name": "routing.http.drop_invalid_header_fields.enabled false", "expect": "fail", "input": fx.alb({"Attributes": fx.alb_attributes({"routing.http.drop_invalid_header_fields.enabled": "false"})})},
	{"name": "attribute not reported", "expect": "error", "input": fx.alb({"Attributes": [a | some a in fx.alb_attributes({}); a.Key != "routing.http.drop_invalid_header_fields.enabled"]})},
	{"name": "attributes not reported", "expect": "error", "input": json.remove(fx.alb({}), ["resource/config/Attributes"])},
	{"name": "network load balancer", "expect": "not_applicable", "input": fx.nlb({})},
]

test_cases if harness.check_cases("aws.elbv2.drop_invalid_headers", cases)

test_message if {
	some f in rule.deny with input as fx.alb({"Attributes": fx.alb_attributes({"routing.http.drop_invalid_header_fields.enabled": "false"})})
	f.msg == "load balancer shop-web: invalid header fields are passed to targets (routing.http.drop_invalid_header_fields.enabled is false)"
}
