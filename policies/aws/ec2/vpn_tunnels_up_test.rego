package stance.rules.aws.ec2.vpn_tunnels_up_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.vpn_tunnels_up as rule
import rego.v1

cases := [
	{"name": "both up", "expect": "pass", "input": fx.vpn_connection({})},
	{"name": "one down", "expect": "fail", "input": fx.vpn_connection({"VgwTelemetry": [fx.tunnel("198.51.100.1", "UP"), fx.tunnel("198.51.100.2", "DOWN")]})},
	{"name": "pending", "expect": "not_applicable", "input": fx.vpn_connection({"State": "pending"})},
	{"name": "telemetry not reported", "expect": "error", "input": json.remove(fx.vpn_connection({}), ["resource/config/VgwTelemetry"])},
]

test_cases if harness.check_cases("aws.ec2.vpn_tunnels_up", cases)

test_message if {
	some f in rule.deny with input as fx.vpn_connection({"VgwTelemetry": [fx.tunnel("198.51.100.1", "UP"), fx.tunnel("198.51.100.2", "DOWN")]})
	f.msg == "VPN connection vpn-0a1b2c3d4e5f60718 has 1 of 2 tunnels up"
}
