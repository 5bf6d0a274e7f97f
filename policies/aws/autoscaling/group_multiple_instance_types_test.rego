package stance.rules.aws.autoscaling.group_multiple_instance_types_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.autoscaling.group_multiple_instance_types as rule
import rego.v1

cases := [
	{"name": "launch template only", "expect": "fail", "input": fx.asg({})},
	{"name": "two types", "expect": "pass", "input": fx.asg({"MixedInstancesPolicy": {"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": "lt-0a1b2c3d4e5f60718"}, "Overrides": [{"InstanceType": "t3.small"}, {"InstanceType": "t3a.small"}]}}})},
	{"name": "attribute-based", "expect": "pass", "input": fx.asg({"MixedInstancesPolicy": {"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": "lt-0a1b2c3d4e5f60718"}, "Overrides": [{"InstanceRequirements": {"VCpuCount": {"Min": 2}, "MemoryMiB": {"Min": 4096}}}]}}})},
	{"name": "one override", "expect": "fail", "input": fx.asg({"MixedInstancesPolicy": {"LaunchTemplate": {"LaunchTemplateSpecification": {"LaunchTemplateId": "lt-0a1b2c3d4e5f60718"}, "Overrides": [{"InstanceType": "t3.small"}]}}})},
]

test_cases if harness.check_cases("aws.autoscaling.group_multiple_instance_types", cases)

test_message if {
	some f in rule.deny with input as fx.asg({})
	f.msg == "Auto Scaling group shop-web launches a single instance type"
}
