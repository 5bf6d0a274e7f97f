package stance.rules.aws.lambda.function_in_vpc_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "connected to a VPC", "expect": "pass", "input": fx.lambda_function({})},
	{"name": "empty VPC configuration (as ListFunctions reports it)", "expect": "fail", "input": fx.lambda_function({"VpcConfig": {"SubnetIds": [], "SecurityGroupIds": [], "VpcId": ""}})},
	{"name": "no VPC configuration at all", "expect": "fail", "input": json.remove(fx.lambda_function({}), ["resource/config/VpcConfig"])},
	{"name": "VPC id null", "expect": "fail", "input": fx.lambda_function({"VpcConfig": {"SubnetIds": [], "SecurityGroupIds": [], "VpcId": null}})},
]

test_cases if harness.check_cases("aws.lambda.function_in_vpc", cases)
