package stance.rules.aws.lambda.function_multi_az_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.lambda.function_multi_az as rule
import rego.v1

one_zone := fx.lambda_function({"stance": {"subnets": [
	{"SubnetId": "subnet-0aaa1111", "AvailabilityZone": "eu-west-1a"},
	{"SubnetId": "subnet-0bbb2222", "AvailabilityZone": "eu-west-1a"},
]}})

cases := [
	{"name": "two zones", "expect": "pass", "input": fx.lambda_function({})},
	{"name": "two subnets in one zone", "expect": "fail", "input": one_zone},
	{"name": "not in a VPC", "expect": "not_applicable", "input": fx.lambda_function({"VpcConfig": {"SubnetIds": [], "SecurityGroupIds": [], "VpcId": ""}})},
	{"name": "zones not reported", "expect": "error", "input": json.remove(fx.lambda_function({}), ["resource/config/stance/subnets"])},
	{"name": "a subnet that no longer exists", "expect": "error", "input": fx.lambda_function({"stance": {"subnets": [
		{"SubnetId": "subnet-0aaa1111", "AvailabilityZone": "eu-west-1a"},
		{"SubnetId": "subnet-0bbb2222", "AvailabilityZone": null},
	]}})},
	{"name": "a subnet without its zone", "expect": "error", "input": fx.lambda_function({"stance": {"subnets": [{"SubnetId": "subnet-0aaa1111"}]}})},
]

test_cases if harness.check_cases("aws.lambda.function_multi_az", cases)

test_message if {
	some finding in rule.deny with input as one_zone
	finding.msg == "Lambda function orders-api runs in 1 Availability Zone(s) only (eu-west-1a): subnets subnet-0aaa1111, subnet-0bbb2222"
}
