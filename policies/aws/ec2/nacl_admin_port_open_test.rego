package stance.rules.aws.ec2.nacl_admin_port_open_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.nacl_admin_port_open as rule
import rego.v1

acl(entries) := fx.resource("aws.ec2.network_acl", "arn:aws:ec2:eu-west-1:111122223333:network-acl/acl-0123456789abcdef0", "public-subnets", "eu-west-1", {
	"NetworkAclId": "acl-0123456789abcdef0",
	"VpcId": "vpc-0123456789abcdef0",
	"IsDefault": false,
	"OwnerId": "111122223333",
	"Associations": [{"NetworkAclAssociationId": "aclassoc-0123456789abcdef0", "NetworkAclId": "acl-0123456789abcdef0", "SubnetId": "subnet-0123456789abcdef0"}],
	"Tags": [],
	"Entries": array.concat(entries, defaults),
})

# The catch-all entries every network ACL ends with.
defaults := [
	{"RuleNumber": 32767, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "CidrBlock": "0.0.0.0/0"},
	{"RuleNumber": 32768, "Protocol": "-1", "RuleAction": "deny", "Egress": false, "Ipv6CidrBlock": "::/0"},
	{"RuleNumber": 32767, "Protocol": "-1", "RuleAction": "deny", "Egress": true, "CidrBlock": "0.0.0.0/0"},
]

tcp(number, action, from, to, cidr) := {"RuleNumber": number, "Protocol": "6", "RuleAction": action, "Egress": false, "CidrBlock": cidr, "PortRange": {"From": from, "To": to}}

tcp6(number, action, from, to, cidr) := {"RuleNumber": number, "Protocol": "6", "RuleAction": action, "Egress": false, "Ipv6CidrBlock": cidr, "PortRange": {"From": from, "To": to}}

all_traffic(number, action, cidr) := {"RuleNumber": number, "Protocol": "-1", "RuleAction": action, "Egress": false, "CidrBlock": cidr}

https := tcp(100, "allow", 443, 443, "0.0.0.0/0")

cases := [
	{"name": "only https and the default deny", "expect": "pass", "input": acl([https])},
	{"name": "ssh allowed from anywhere", "expect": "fail", "input": acl([https, tcp(110, "allow", 22, 22, "0.0.0.0/0")])},
	{"name": "rdp allowed from the IPv6 internet", "expect": "fail", "input": acl([tcp6(120, "allow", 3389, 3389, "::/0")])},
	{"name": "all traffic allowed (the default ACL)", "expect": "fail", "input": acl([all_traffic(100, "allow", "0.0.0.0/0")])},
	{"name": "port range covering 22", "expect": "fail", "input": acl([tcp(100, "allow", 0, 1023, "0.0.0.0/0")])},
	{"name": "ssh from the admin network only", "expect": "pass", "input": acl([tcp(100, "allow", 22, 22, "198.51.100.0/24")])},
	{"name": "lower deny shadows a later allow-all", "expect": "pass", "input": acl([tcp(50, "deny", 22, 22, "0.0.0.0/0"), tcp(60, "deny", 3389, 3389, "0.0.0.0/0"), tcp(100, "allow", 0, 65535, "0.0.0.0/0")])},
	{"name": "deny-all first shadows everything", "expect": "pass", "input": acl([all_traffic(10, "deny", "0.0.0.0/0"), all_traffic(100, "allow", "0.0.0.0/0")])},
	{"name": "deny listed after the allow does not help", "expect": "fail", "input": acl([tcp(200, "deny", 22, 22, "0.0.0.0/0"), tcp(100, "allow", 22, 22, "0.0.0.0/0")])},
	{"name": "deny for part of the internet does not shadow", "expect": "fail", "input": acl([tcp(50, "deny", 22, 22, "203.0.113.0/24"), tcp(100, "allow", 22, 22, "0.0.0.0/0")])},
	{"name": "IPv4 deny does not shadow an IPv6 allow", "expect": "fail", "input": acl([tcp(50, "deny", 22, 22, "0.0.0.0/0"), tcp6(100, "allow", 22, 22, "::/0")])},
	{"name": "deny covers 22 only, 3389 still open", "expect": "fail", "input": acl([tcp(50, "deny", 22, 22, "0.0.0.0/0"), tcp(100, "allow", 0, 65535, "0.0.0.0/0")])},
	{"name": "udp allow is not ssh", "expect": "pass", "input": acl([{"RuleNumber": 100, "Protocol": "17", "RuleAction": "allow", "Egress": false, "CidrBlock": "0.0.0.0/0", "PortRange": {"From": 0, "To": 65535}}])},
	{"name": "egress allow is not ingress", "expect": "pass", "input": acl([object.union(tcp(100, "allow", 22, 22, "0.0.0.0/0"), {"Egress": true})])},
	{"name": "entries not reported: error, never a pass", "expect": "error", "input": json.remove(acl([]), ["resource/config/Entries"])},
]

test_cases if harness.check_cases("aws.ec2.nacl_admin_port_open", cases)

test_message if {
	some finding in rule.deny with input as acl([https, tcp(110, "allow", 22, 22, "0.0.0.0/0")])
	finding.msg == "network ACL acl-0123456789abcdef0 allows SSH (port 22) from 0.0.0.0/0 (rule 110)"
}

test_only_the_open_port if {
	findings := rule.deny with input as acl([tcp(50, "deny", 22, 22, "0.0.0.0/0"), tcp(100, "allow", 0, 65535, "0.0.0.0/0")])
	{f.port | some f in findings} == {3389}
}
