package stance.rules.aws.lambda.environment_secrets_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.lambda.environment_secrets as rule
import rego.v1

env(kinds) := fx.lambda_function({"Environment": {"VariableNames": sort([n | some n, _ in kinds])}, "stance": {"environmentValues": kinds}})

cases := [
	{"name": "secret referenced by ARN", "expect": "pass", "input": fx.lambda_function({})},
	{"name": "no environment variables", "expect": "pass", "input": env({})},
	{"name": "secret-looking name with an empty value", "expect": "pass", "input": env({"DB_PASSWORD": "empty"})},
	{"name": "pointer names with literal values", "expect": "pass", "input": env({"API_KEY_NAME": "literal", "TOKEN_URL": "literal", "SECRET_ID": "literal", "PASSWORD_MIN_LENGTH": "literal"})},
	{"name": "ordinary names", "expect": "pass", "input": env({"LOG_LEVEL": "literal", "TABLE": "literal", "KEYSPACE": "literal"})},
	{"name": "database password in clear", "expect": "fail", "input": env({"DB_PASSWORD": "literal", "LOG_LEVEL": "literal"})},
	{"name": "lower-case api key", "expect": "fail", "input": env({"stripe_api_key": "literal"})},
	{"name": "AWS secret access key", "expect": "fail", "input": env({"AWS_SECRET_ACCESS_KEY": "literal"})},
	{"name": "GitHub token and connection string", "expect": "fail", "input": env({"GITHUB_TOKEN": "literal", "MONGO_CONNECTION_STRING": "literal"})},
	{"name": "value kinds not reported", "expect": "error", "input": json.remove(fx.lambda_function({}), ["resource/config/stance/environmentValues"])},
]

test_cases if harness.check_cases("aws.lambda.environment_secrets", cases)

test_message_names_only if {
	some finding in rule.deny with input as env({"GITHUB_TOKEN": "literal", "DB_PASSWORD": "literal", "LOG_LEVEL": "literal"})
	finding.msg == "Lambda function orders-api has secret-looking environment variables with literal values: DB_PASSWORD, GITHUB_TOKEN"
}
