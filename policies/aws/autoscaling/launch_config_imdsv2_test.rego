package stance.rules.aws.autoscaling.launch_config_imdsv2_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.autoscaling.launch_config_imdsv2 as rule
import rego.v1

cases := [
	{"name": "required", "expect": "pass", "input": fx.launch_configuration({})},
	{"name": "endpoint disabled", "expect": "pass", "input": fx.launch_configuration({"MetadataOptions": {"HttpTokens": "optional", "HttpEndpoint": "disabled"}})},
	{"name": "optional", "expect": "fail", "input": fx.launch_configuration({"MetadataOptions": {"HttpTokens": "optional"}})},
	{"name": "no metadata options: optional by default", "expect": "fail", "input": json.remove(fx.launch_configuration({}), ["resource/config/MetadataOptions"])},
]

test_cases if harness.check_cases("aws.autoscaling.launch_config_imdsv2", cases)

test_message if {
	some f in rule.deny with input as json.remove(fx.launch_configuration({}), ["resource/config/MetadataOptions"])
	f.msg == "launch configuration shop-web-v1 allows IMDSv1 (HttpTokens optional, by default)"
}
