package stance.rules.aws.ec2.sg_admin_port_open_ipv4_test

import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.sg_admin_port_open_ipv4 as rule
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
	{"name": "ssh open to the IPv4 internet", "expect": "fail", "input": group([tcp(22, 22, ["0.0.0.0/0"], [])])},
	{"name": "port range covering 22", "expect": "fail", "input": group([tcp(0, 1024, ["0.0.0.0/0"], [])])},
	{"name": "protocol number 6 on 3389", "expect": "fail", "input": group([object.union(tcp(3389, 3389, ["0.0.0.0/0"], []), {"IpProtocol": "6"})])},
	{"name": "all traffic from anywhere", "expect": "fail", "input": group([{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "UserIdGroupPairs": []}])},
	{"name": "rdp open to the IPv6 internet only is the other rule", "expect": "pass", "input": group([tcp(3389, 3389, [], ["::/0"])])},
	{"name": "ssh from a private network only", "expect": "pass", "input": group([tcp(22, 22, ["10.0.0.0/8"], ["fd00::/8"])])},
	{"name": "https open to the world", "expect": "pass", "input": group([tcp(443, 443, ["0.0.0.0/0"], ["::/0"])])},
	{"name": "range just above 22", "expect": "pass", "input": group([tcp(23, 3388, ["0.0.0.0/0"], [])])},
	{"name": "udp 3389 is not the admin service", "expect": "pass", "input": group([object.union(tcp(3389, 3389, ["0.0.0.0/0"], []), {"IpProtocol": "udp"})])},
	{"name": "no inbound rules", "expect": "pass", "input": group([])},
	{"name": "permissions not reported: error, never a pass", "expect": "error", "input": json.remove(group([]), ["resource/config/IpPermissions"])},
]

test_cases if harness.check_cases("aws.ec2.sg_admin_port_open_ipv4", cases)

test_message_names_port_and_source if {
	some finding in rule.deny with input as group([tcp(22, 22, ["0.0.0.0/0"], [])])
	finding.msg == "security group sg-0a1b2c3d4e5f60001 allows SSH (port 22) from 0.0.0.0/0"
}
