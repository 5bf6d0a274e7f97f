package stance.rules.aws.ec2.sg_admin_port_open_ipv6_test

import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.sg_admin_port_open_ipv6 as rule
import rego.v1

group(permissions) := {
	"resource": {
		"id": "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0a1b2c3d4e5f60001",
		"type": "aws.ec2.security_group",
		"provider": "aws",
		"account": "111122223333",
		"region": "eu-west-1",
		"name": "bastion",
		"tags": {},
		"config": {
			"GroupId": "sg-0a1b2c3d4e5f60001",
			"GroupName": "bastion",
			"VpcId": "vpc-0123456789abcdef0",
			"OwnerId": "111122223333",
			"IpPermissions": permissions,
			"IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "UserIdGroupPairs": []}],
		},
	},
	"context": {"now_ns": 1763900000000000000, "provider": "aws", "account": "111122223333", "region": "eu-west-1"},
}

tcp(from, to, v4, v6) := {"IpProtocol": "tcp", "FromPort": from, "ToPort": to, "IpRanges": [{"CidrIp": c} | some c in v4], "Ipv6Ranges": [{"CidrIpv6": c} | some c in v6], "UserIdGroupPairs": []}

cases := [
	{"name": "rdp open to the IPv6 internet", "expect": "fail", "input": group([tcp(3389, 3389, [], ["::/0"])])},
	{"name": "port range covering 22 from ::/0", "expect": "fail", "input": group([tcp(1, 65535, [], ["::/0"])])},
	{"name": "all traffic from any IPv6 address", "expect": "fail", "input": group([{"IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": [{"CidrIpv6": "::/0"}], "UserIdGroupPairs": []}])},
	{"name": "ssh open to the IPv4 internet only is the other rule", "expect": "pass", "input": group([tcp(22, 22, ["0.0.0.0/0"], [])])},
	{"name": "ssh from a private IPv6 range", "expect": "pass", "input": group([tcp(22, 22, [], ["fd00::/8"])])},
	{"name": "https open to the world", "expect": "pass", "input": group([tcp(443, 443, ["0.0.0.0/0"], ["::/0"])])},
	{"name": "no inbound rules", "expect": "pass", "input": group([])},
	{"name": "permissions not reported: error, never a pass", "expect": "error", "input": json.remove(group([]), ["resource/config/IpPermissions"])},
]

test_cases if harness.check_cases("aws.ec2.sg_admin_port_open_ipv6", cases)

test_message_names_port_and_source if {
	some finding in rule.deny with input as group([tcp(3389, 3389, [], ["::/0"])])
	finding.msg == "security group sg-0a1b2c3d4e5f60001 allows RDP (port 3389) from ::/0"
}
