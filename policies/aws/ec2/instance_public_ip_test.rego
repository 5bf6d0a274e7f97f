package stance.rules.aws.ec2.instance_public_ip_test

import data.stance.lib.testing.aws as fxa
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.instance_public_ip as rule
import rego.v1

cases := [
	{"name": "private only", "expect": "pass", "input": fxa.ec2_instance({})},
	{"name": "public address", "expect": "fail", "input": fxa.ec2_instance({"PublicIpAddress": "203.0.113.25", "PublicDnsName": "ec2-203-0-113-25.eu-west-1.compute.amazonaws.com"})},
	{"name": "terminated", "expect": "not_applicable", "input": fxa.ec2_instance(object.union(fxa.terminated, {"PublicIpAddress": "203.0.113.25"}))},
]

test_cases if harness.check_cases("aws.ec2.instance_public_ip", cases)

test_message if {
	some f in rule.deny with input as fxa.ec2_instance({"PublicIpAddress": "203.0.113.25"})
	f.msg == "EC2 instance i-0abc1234def567890 has public IP address 203.0.113.25"
}
