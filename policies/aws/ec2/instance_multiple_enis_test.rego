package stance.rules.aws.ec2.instance_multiple_enis_test

import data.stance.lib.testing.aws as fxa
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.instance_multiple_enis as rule
import rego.v1

cases := [
	{"name": "one interface", "expect": "pass", "input": fxa.ec2_instance({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0a1b2c3d4e5f60718", "Attachment": {"DeviceIndex": 0}}]})},
	{"name": "two interfaces", "expect": "fail", "input": fxa.ec2_instance({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-0a1b2c3d4e5f60718", "Attachment": {"DeviceIndex": 0}}, {"NetworkInterfaceId": "eni-0f9e8d7c6b5a40312", "Attachment": {"DeviceIndex": 1}}]})},
	{"name": "not reported", "expect": "error", "input": fxa.ec2_instance({})},
]

test_cases if harness.check_cases("aws.ec2.instance_multiple_enis", cases)

test_message if {
	some f in rule.deny with input as fxa.ec2_instance({"NetworkInterfaces": [{"NetworkInterfaceId": "eni-1"}, {"NetworkInterfaceId": "eni-2"}]})
	f.msg == "EC2 instance i-0abc1234def567890 has 2 network interfaces"
}
