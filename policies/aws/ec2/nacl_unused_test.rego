package stance.rules.aws.ec2.nacl_unused_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.nacl_unused as rule
import rego.v1

cases := [
	{"name": "associated", "expect": "pass", "input": fx.network_acl({})},
	{"name": "unassociated", "expect": "fail", "input": fx.network_acl({"Associations": []})},
	{"name": "default ACL", "expect": "not_applicable", "input": fx.network_acl({"IsDefault": true, "Associations": []})},
]

test_cases if harness.check_cases("aws.ec2.nacl_unused", cases)

test_message if {
	some f in rule.deny with input as fx.network_acl({"Associations": []})
	f.msg == "network ACL acl-0a1b2c3d4e5f60718 is not associated with any subnet"
}
