package stance.rules.aws.ec2.sg_unused_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.sg_unused as rule
import rego.v1

cases := [
	{"name": "in use", "expect": "pass", "input": fx.security_group({})},
	{"name": "unused", "expect": "fail", "input": fx.security_group({"stance": {"networkInterfaces": {"collected": true, "ids": []}}})},
	{"name": "default group", "expect": "not_applicable", "input": fx.security_group({"GroupName": "default", "stance": {"networkInterfaces": {"collected": true, "ids": []}}})},
	{"name": "interfaces not collected", "expect": "error", "input": fx.security_group({"stance": {"networkInterfaces": {"collected": false}}})},
]

test_cases if harness.check_cases("aws.ec2.sg_unused", cases)

test_message if {
	some f in rule.deny with input as fx.security_group({"stance": {"networkInterfaces": {"collected": true, "ids": []}}})
	f.msg == "security group sg-0123456789abcdef0 (web) is not attached to any network interface"
}
