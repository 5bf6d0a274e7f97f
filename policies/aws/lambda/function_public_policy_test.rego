package stance.rules.aws.lambda.function_public_policy_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.lambda.function_public_policy as rule
import rego.v1

with_policy(statements) := fx.lambda_function({"Policy": fx.policy(statements)})

s3_source := {"StringEquals": {"AWS:SourceAccount": "111122223333"}, "ArnLike": {"AWS:SourceArn": "arn:aws:s3:::acme-uploads"}}

url_statement := fx.lambda_statement("*", {"Sid": "FunctionURLAllowPublicAccess", "Action": "lambda:InvokeFunctionUrl", "Condition": {"StringEquals": {"lambda:FunctionUrlAuthType": "NONE"}}})

cases := [
	{"name": "no resource policy", "expect": "pass", "input": fx.lambda_function({})},
	{"name": "S3 of the owner account with SourceAccount and SourceArn", "expect": "pass", "input": with_policy([fx.lambda_statement({"Service": "s3.amazonaws.com"}, {"Condition": s3_source})])},
	{"name": "another account named", "expect": "pass", "input": with_policy([fx.lambda_statement({"AWS": "arn:aws:iam::444455556666:root"}, {})])},
	{"name": "anyone narrowed to the organization", "expect": "pass", "input": with_policy([fx.lambda_statement("*", {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}})])},
	{"name": "Principal * (AddPermission --principal '*')", "expect": "fail", "input": with_policy([fx.lambda_statement("*", {})])},
	{"name": "AWS * in a list", "expect": "fail", "input": with_policy([fx.lambda_statement({"AWS": ["*"]}, {})])},
	{"name": "public function URL statement", "expect": "fail", "input": with_policy([url_statement])},
	{"name": "S3 service without source conditions", "expect": "fail", "input": with_policy([fx.lambda_statement({"Service": "s3.amazonaws.com"}, {})])},
	{"name": "SNS with a wildcard source account", "expect": "fail", "input": with_policy([fx.lambda_statement({"Service": "sns.amazonaws.com"}, {"Condition": {"StringLike": {"AWS:SourceAccount": "*"}}})])},
	{"name": "public grant removed by an unconditional Deny", "expect": "pass", "input": with_policy([fx.lambda_statement("*", {}), {"Effect": "Deny", "Principal": "*", "Action": "lambda:*", "Resource": "*"}])},
	{"name": "policy not reported: error, never no policy", "expect": "error", "input": json.remove(fx.lambda_function({}), ["resource/config/Policy"])},
	{"name": "policy not decodable", "expect": "error", "input": fx.lambda_function({"Policy": {"stanceUndecodable": "{not json"}})},
]

test_cases if harness.check_cases("aws.lambda.function_public_policy", cases)

test_message if {
	some finding in rule.deny with input as with_policy([fx.lambda_statement("*", {})])
	finding.msg == "Lambda function orders-api is public: statement invoke allows anyone (Principal *): lambda:InvokeFunction"
}
