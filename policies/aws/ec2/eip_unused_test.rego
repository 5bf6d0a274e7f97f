package stance.rules.aws.ec2.eip_unused_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.eip_unused as rule
import rego.v1

cases := [
	{"name": "associated", "expect": "pass", "input": fx.address({})},
	{"name": "unassociated", "expect": "fail", "input": json.remove(fx.address({}), ["resource/config/AssociationId", "resource/config/InstanceId", "resource/config/NetworkInterfaceId", "resource/config/NetworkInterfaceOwnerId", "resource/config/PrivateIpAddress"])},
]

test_cases if harness.check_cases("aws.ec2.eip_unused", cases)

test_message if {
	some f in rule.deny with input as json.remove(fx.address({}), ["resource/config/AssociationId"])
	f.msg == "Elastic IP 203.0.113.10 (eipalloc-0a1b2c3d4e5f60718) is not associated"
}
