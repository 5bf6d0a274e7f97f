package stance.rules.aws.ec2.instance_paravirtual_test

import data.stance.lib.testing.aws as fxa
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.instance_paravirtual as rule
import rego.v1

cases := [
	{"name": "hvm", "expect": "pass", "input": fxa.ec2_instance({"VirtualizationType": "hvm"})},
	{"name": "paravirtual", "expect": "fail", "input": fxa.ec2_instance({"VirtualizationType": "paravirtual", "InstanceType": "m1.small"})},
	{"name": "not reported", "expect": "error", "input": fxa.ec2_instance({})},
]

test_cases if harness.check_cases("aws.ec2.instance_paravirtual", cases)

test_message if {
	some f in rule.deny with input as fxa.ec2_instance({"VirtualizationType": "paravirtual"})
	f.msg == "EC2 instance i-0abc1234def567890 uses paravirtual virtualization"
}
