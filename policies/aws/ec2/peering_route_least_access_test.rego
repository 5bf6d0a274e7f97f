package stance.rules.aws.ec2.peering_route_least_access_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.peering_route_least_access as rule
import rego.v1

cases := [
	{"name": "one subnet of the peer", "expect": "pass", "input": fx.route_table([fx.peering_route({"DestinationCidrBlock": "10.1.4.0/24"})], fx.peerings_seen)},
	{"name": "whole peer VPC", "expect": "fail", "input": fx.route_table([fx.peering_route({"DestinationCidrBlock": "10.1.0.0/16"})], fx.peerings_seen)},
	{"name": "default route to the peering", "expect": "fail", "input": fx.route_table([fx.peering_route({"DestinationCidrBlock": "0.0.0.0/0"})], fx.peerings_seen)},
	{"name": "IPv6 default route", "expect": "fail", "input": fx.route_table([fx.peering_route({"DestinationIpv6CidrBlock": "::/0"})], fx.peerings_seen)},
	{"name": "no peering routes", "expect": "not_applicable", "input": fx.route_table([], fx.peerings_seen)},
	{"name": "peerings not collected", "expect": "error", "input": fx.route_table([fx.peering_route({"DestinationCidrBlock": "10.1.4.0/24"})], {"collected": false})},
	{"name": "connection not listed", "expect": "error", "input": fx.route_table([fx.peering_route({"DestinationCidrBlock": "10.1.4.0/24"})], {"collected": true, "connections": {}})},
]

test_cases if harness.check_cases("aws.ec2.peering_route_least_access", cases)

test_message if {
	some f in rule.deny with input as fx.route_table([fx.peering_route({"DestinationCidrBlock": "10.1.0.0/16"})], fx.peerings_seen)
	f.msg == "route table rtb-0a1b2c3d4e5f60718 routes 10.1.0.0/16 to peering connection pcx-0a1b2c3d4e5f60718: a whole VPC CIDR block of the peering"
}
