package stance.rules.aws.ec2.launch_template_public_ip_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.launch_template_public_ip as rule
import rego.v1

cases := [
	{"name": "no public IP", "expect": "pass", "input": fx.launch_template({})},
	{"name": "no interfaces specified", "expect": "pass", "input": fx.launch_template({"NetworkInterfaces": []})},
	{"name": "public IP", "expect": "fail", "input": fx.launch_template({"NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": true}]})},
	{"name": "data not reported", "expect": "error", "input": json.remove(fx.launch_template({}), ["resource/config/LaunchTemplateData"])},
]

test_cases if harness.check_cases("aws.ec2.launch_template_public_ip", cases)

test_message if {
	some f in rule.deny with input as fx.launch_template({"NetworkInterfaces": [{"DeviceIndex": 0, "AssociatePublicIpAddress": true}]})
	f.msg == "launch template shop-web (version 3) assigns a public IP address to network interface 0"
}
