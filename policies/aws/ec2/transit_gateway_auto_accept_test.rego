package stance.rules.aws.ec2.transit_gateway_auto_accept_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.transit_gateway_auto_accept as rule
import rego.v1

cases := [
	{"name": "disabled", "expect": "pass", "input": fx.transit_gateway({})},
	{"name": "enabled", "expect": "fail", "input": fx.transit_gateway({"Options": {"AutoAcceptSharedAttachments": "enable"}})},
	{"name": "deleted", "expect": "not_applicable", "input": fx.transit_gateway({"State": "deleted", "Options": {"AutoAcceptSharedAttachments": "enable"}})},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.transit_gateway({}), ["resource/config/Options"])},
]

test_cases if harness.check_cases("aws.ec2.transit_gateway_auto_accept", cases)

test_message if {
	some f in rule.deny with input as fx.transit_gateway({"Options": {"AutoAcceptSharedAttachments": "enable"}})
	f.msg == "transit gateway tgw-0a1b2c3d4e5f60718 accepts shared VPC attachments automatically"
}
