package stance.rules.aws.autoscaling.group_launch_template_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.autoscaling.group_launch_template as rule
import rego.v1

cases := [
	{"name": "launch template", "expect": "pass", "input": fx.asg({})},
	{"name": "mixed instances policy", "expect": "pass", "input": json.remove(fx.asg({"MixedInstancesPolicy": {"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": "lt-0a1b2c3d4e5f60718", "Version": "$Default"}}}}), ["resource/config/LaunchTemplate"])},
	{"name": "launch configuration", "expect": "fail", "input": json.remove(fx.asg({"LaunchConfigurationName": "shop-web-v1"}), ["resource/config/LaunchTemplate"])},
]

test_cases if harness.check_cases("aws.autoscaling.group_launch_template", cases)

test_message if {
	some f in rule.deny with input as fx.asg({"LaunchConfigurationName": "shop-web-v1"})
	f.msg == "Auto Scaling group shop-web launches from launch configuration shop-web-v1"
}
