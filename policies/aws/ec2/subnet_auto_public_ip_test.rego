package stance.rules.aws.ec2.subnet_auto_public_ip_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.subnet_auto_public_ip as rule
import rego.v1

cases := [
	{"name": "off", "expect": "pass", "input": fx.subnet({})},
	{"name": "on", "expect": "fail", "input": fx.subnet({"MapPublicIpOnLaunch": true})},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.subnet({}), ["resource/config/MapPublicIpOnLaunch"])},
]

test_cases if harness.check_cases("aws.ec2.subnet_auto_public_ip", cases)

test_message if {
	some f in rule.deny with input as fx.subnet({"MapPublicIpOnLaunch": true})
	f.msg == "subnet subnet-0aa11bb22cc33dd44 (10.0.1.0/24) assigns public IPv4 addresses on launch"
}
