package stance.rules.aws.dynamodb.table_pitr_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "PITR on", "expect": "pass", "input": fx.dynamodb_table({})},
	{"name": "PITR off", "expect": "fail", "input": fx.dynamodb_table({"ContinuousBackupsDescription": {"ContinuousBackupsStatus": "ENABLED", "PointInTimeRecoveryDescription": {"PointInTimeRecoveryStatus": "DISABLED"}}})},
	{"name": "continuous backups not reported", "expect": "error", "input": json.remove(fx.dynamodb_table({}), ["resource/config/ContinuousBackupsDescription"])},
	{"name": "PITR status missing", "expect": "error", "input": fx.dynamodb_table({"ContinuousBackupsDescription": {"PointInTimeRecoveryDescription": null}})},
]

test_cases if harness.check_cases("aws.dynamodb.table_pitr", cases)
