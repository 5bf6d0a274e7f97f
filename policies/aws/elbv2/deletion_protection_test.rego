package stance.rules.aws.elbv2.deletion_protection_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.elbv2.deletion_protection as rule
import rego.v1

cases := [
	{"name": "compliant", "expect": "pass", "input": fx.alb({})},
	{"name": "deletion_protection.enabled false", "expect": "fail", "input": fx.alb({"Attributes": fx.alb_attributes({"deletion_protection.enabled": "false"})})},
	{"name": "attribute not reported", "expect": "error", "input": fx.alb({"Attributes": [a | some a in fx.alb_attributes({}); a.Key != "deletion_protection.enabled"]})},
	{"name": "attributes not reported", "expect": "error", "input": json.remove(fx.alb({}), ["resource/config/Attributes"])},
	{"name": "network load balancer with protection", "expect": "pass", "input": fx.nlb({})},
]

test_cases if harness.check_cases("aws.elbv2.deletion_protection", cases)

test_message if {
	some f in rule.deny with input as fx.alb({"Attributes": fx.alb_attributes({"deletion_protection.enabled": "false"})})
	f.msg == "load balancer shop-web: deletion protection is off (deletion_protection.enabled is false)"
}
