package stance.rules.aws.dynamodb.table_deletion_protection_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "protected", "expect": "pass", "input": fx.dynamodb_table({})},
	{"name": "not protected", "expect": "fail", "input": fx.dynamodb_table({"DeletionProtectionEnabled": false})},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.dynamodb_table({}), ["resource/config/DeletionProtectionEnabled"])},
]

test_cases if harness.check_cases("aws.dynamodb.table_deletion_protection", cases)
