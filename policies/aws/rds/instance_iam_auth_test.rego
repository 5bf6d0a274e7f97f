package stance.rules.aws.rds.instance_iam_auth_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "IAM authentication on", "expect": "pass", "input": fx.rds_instance({"IAMDatabaseAuthenticationEnabled": true})},
	{"name": "passwords only", "expect": "fail", "input": fx.rds_instance({"IAMDatabaseAuthenticationEnabled": false})},
	{"name": "MySQL, passwords only", "expect": "fail", "input": fx.rds_instance({"Engine": "mysql", "IAMDatabaseAuthenticationEnabled": false})},
	{"name": "SQL Server (no IAM authentication)", "expect": "not_applicable", "input": fx.rds_instance({"Engine": "sqlserver-se", "IAMDatabaseAuthenticationEnabled": false})},
	{"name": "Aurora instance (set on the cluster)", "expect": "not_applicable", "input": fx.rds_instance({"Engine": "aurora-mysql", "IAMDatabaseAuthenticationEnabled": false})},
	{"name": "not reported", "expect": "error", "input": fx.rds_instance({})},
]

test_cases if harness.check_cases("aws.rds.instance_iam_auth", cases)
