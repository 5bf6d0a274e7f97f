package stance.rules.aws.lambda.function_url_public_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "IAM-authenticated URL", "expect": "pass", "input": fx.lambda_function({"FunctionUrlConfigs": [fx.function_url("AWS_IAM")]})},
	{"name": "URL with AuthType NONE", "expect": "fail", "input": fx.lambda_function({"FunctionUrlConfigs": [fx.function_url("AWS_IAM"), object.union(fx.function_url("NONE"), {"FunctionArn": "arn:aws:lambda:eu-west-1:111122223333:function:orders-api:live"})]})},
	{"name": "no function URL", "expect": "not_applicable", "input": fx.lambda_function({})},
	{"name": "URLs not reported", "expect": "error", "input": json.remove(fx.lambda_function({}), ["resource/config/FunctionUrlConfigs"])},
	{"name": "URL without AuthType", "expect": "error", "input": fx.lambda_function({"FunctionUrlConfigs": [json.remove(fx.function_url("NONE"), ["AuthType"])]})},
]

test_cases if harness.check_cases("aws.lambda.function_url_public", cases)
