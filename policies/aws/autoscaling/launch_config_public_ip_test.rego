package stance.rules.aws.autoscaling.launch_config_public_ip_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.autoscaling.launch_config_public_ip as rule
import rego.v1

cases := [
	{"name": "no public IP", "expect": "pass", "input": fx.launch_configuration({})},
	{"name": "unset", "expect": "pass", "input": json.remove(fx.launch_configuration({}), ["resource/config/AssociatePublicIpAddress"])},
	{"name": "public IP", "expect": "fail", "input": fx.launch_configuration({"AssociatePublicIpAddress": true})},
]

test_cases if harness.check_cases("aws.autoscaling.launch_config_public_ip", cases)

test_message if {
	some f in rule.deny with input as fx.launch_configuration({"AssociatePublicIpAddress": true})
	f.msg == "launch configuration shop-web-v1 assigns public IP addresses"
}
