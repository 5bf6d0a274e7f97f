package stance.rules.aws.ec2.default_sg_restricts_all_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.default_sg_restricts_all as rule
import rego.v1

group(name, ingress, egress) := fx.resource("aws.ec2.security_group", "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0a1b2c3d4e5f60009", name, "eu-west-1", {
	"GroupId": "sg-0a1b2c3d4e5f60009",
	"GroupName": name,
	"Description": "default VPC security group",
	"VpcId": "vpc-0123456789abcdef0",
	"OwnerId": "111122223333",
	"IpPermissions": ingress,
	"IpPermissionsEgress": egress,
})

self_ref := {"IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": [], "UserIdGroupPairs": [{"GroupId": "sg-0a1b2c3d4e5f60009", "UserId": "111122223333"}]}

anywhere := {"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "UserIdGroupPairs": []}

cases := [
	{"name": "default group emptied", "expect": "pass", "input": group("default", [], [])},
	{"name": "default group as created by AWS", "expect": "fail", "input": group("default", [self_ref], [anywhere])},
	{"name": "default group with outbound only", "expect": "fail", "input": group("default", [], [anywhere])},
	{"name": "default group with inbound only", "expect": "fail", "input": group("default", [self_ref], [])},
	{"name": "other groups do not apply", "expect": "not_applicable", "input": group("web", [self_ref], [anywhere])},
	{"name": "a group without a name does not apply", "expect": "not_applicable", "input": json.remove(group("default", [self_ref], []), ["resource/config/GroupName"])},
	{"name": "rules not reported: error, never a pass", "expect": "error", "input": json.remove(group("default", [], []), ["resource/config/IpPermissions"])},
]

test_cases if harness.check_cases("aws.ec2.default_sg_restricts_all", cases)

test_message if {
	some finding in rule.deny with input as group("default", [], [anywhere])
	finding.msg == "default security group sg-0a1b2c3d4e5f60009 of vpc-0123456789abcdef0 has 1 outbound rule(s)"
}
