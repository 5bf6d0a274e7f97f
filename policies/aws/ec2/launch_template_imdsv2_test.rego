package stance.rules.aws.ec2.launch_template_imdsv2_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.launch_template_imdsv2 as rule
import rego.v1

cases := [
	{"name": "required", "expect": "pass", "input": fx.launch_template({})},
	{"name": "optional", "expect": "fail", "input": fx.launch_template({"MetadataOptions": {"HttpTokens": "optional"}})},
	{"name": "not set", "expect": "fail", "input": json.remove(fx.launch_template({}), ["resource/config/LaunchTemplateData/MetadataOptions"])},
	{"name": "data not reported", "expect": "error", "input": json.remove(fx.launch_template({}), ["resource/config/LaunchTemplateData"])},
]

test_cases if harness.check_cases("aws.ec2.launch_template_imdsv2", cases)

test_message if {
	some f in rule.deny with input as json.remove(fx.launch_template({}), ["resource/config/LaunchTemplateData/MetadataOptions"])
	f.msg == "launch template shop-web (version 3) does not require IMDSv2 (HttpTokens not set)"
}
