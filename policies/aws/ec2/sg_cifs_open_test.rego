package stance.rules.aws.ec2.sg_cifs_open_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.sg_cifs_open as rule
import rego.v1

group(permissions) := fx.resource("aws.ec2.security_group", "arn:aws:ec2:eu-west-1:111122223333:security-group/sg-0a1b2c3d4e5f60002", "file-server", "eu-west-1", {
	"GroupId": "sg-0a1b2c3d4e5f60002",
	"GroupName": "file-server",
	"Description": "file server",
	"VpcId": "vpc-0123456789abcdef0",
	"OwnerId": "111122223333",
	"IpPermissions": permissions,
	"IpPermissionsEgress": [{"IpProtocol": "-1", "IpRanges": [{"CidrIp": "0.0.0.0/0"}], "Ipv6Ranges": [], "UserIdGroupPairs": []}],
})

tcp(from, to, v4, v6) := {"IpProtocol": "tcp", "FromPort": from, "ToPort": to, "IpRanges": [{"CidrIp": c} | some c in v4], "Ipv6Ranges": [{"CidrIpv6": c} | some c in v6], "UserIdGroupPairs": []}

cases := [
	{"name": "445 open to the IPv4 internet", "expect": "fail", "input": group([tcp(445, 445, ["0.0.0.0/0"], [])])},
	{"name": "445 open to the IPv6 internet", "expect": "fail", "input": group([tcp(445, 445, [], ["::/0"])])},
	{"name": "range covering 445", "expect": "fail", "input": group([tcp(1, 1024, ["0.0.0.0/0"], [])])},
	{"name": "all traffic from anywhere", "expect": "fail", "input": group([{"IpProtocol": "-1", "IpRanges": [], "Ipv6Ranges": [{"CidrIpv6": "::/0"}], "UserIdGroupPairs": []}])},
	{"name": "445 from the office network", "expect": "pass", "input": group([tcp(445, 445, ["203.0.113.0/24", "10.0.0.0/8"], [])])},
	{"name": "445 from another security group", "expect": "pass", "input": group([{"IpProtocol": "tcp", "FromPort": 445, "ToPort": 445, "IpRanges": [], "Ipv6Ranges": [], "UserIdGroupPairs": [{"GroupId": "sg-0a1b2c3d4e5f60003"}]}])},
	{"name": "udp 445 is not SMB", "expect": "pass", "input": group([object.union(tcp(445, 445, ["0.0.0.0/0"], []), {"IpProtocol": "udp"})])},
	{"name": "https open to the world", "expect": "pass", "input": group([tcp(443, 443, ["0.0.0.0/0"], ["::/0"])])},
	{"name": "no inbound rules", "expect": "pass", "input": group([])},
	{"name": "permissions not reported: error, never a pass", "expect": "error", "input": json.remove(group([]), ["resource/config/IpPermissions"])},
]

test_cases if harness.check_cases("aws.ec2.sg_cifs_open", cases)

test_message if {
	some finding in rule.deny with input as group([tcp(445, 445, ["0.0.0.0/0"], [])])
	finding.msg == "security group sg-0a1b2c3d4e5f60002 allows CIFS/SMB (TCP 445) from 0.0.0.0/0"
}
