package stance.rules.aws.dynamodb.table_kms_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "KMS key", "expect": "pass", "input": fx.dynamodb_table({})},
	{"name": "DynamoDB-owned key (no SSEDescription)", "expect": "fail", "input": json.remove(fx.dynamodb_table({}), ["resource/config/SSEDescription"])},
	{"name": "KMS key being disabled", "expect": "fail", "input": fx.dynamodb_table({"SSEDescription": {"Status": "DISABLED", "SSEType": "KMS"}})},
	{"name": "table not described", "expect": "error", "input": json.remove(fx.dynamodb_table({}), ["resource/config/TableStatus", "resource/config/SSEDescription"])},
]

test_cases if harness.check_cases("aws.dynamodb.table_kms", cases)
