package stance.rules.aws.autoscaling.launch_config_hop_limit_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.autoscaling.launch_config_hop_limit as rule
import rego.v1

cases := [
	{"name": "hop limit 1", "expect": "pass", "input": fx.launch_configuration({})},
	{"name": "unset", "expect": "pass", "input": json.remove(fx.launch_configuration({}), ["resource/config/MetadataOptions"])},
	{"name": "hop limit 3", "expect": "fail", "input": fx.launch_configuration({"MetadataOptions": {"HttpPutResponseHopLimit": 3}})},
]

test_cases if harness.check_cases("aws.autoscaling.launch_config_hop_limit", cases)

test_message if {
	some f in rule.deny with input as fx.launch_configuration({"MetadataOptions": {"HttpPutResponseHopLimit": 3}})
	f.msg == "launch configuration shop-web-v1 has metadata response hop limit 3"
}
