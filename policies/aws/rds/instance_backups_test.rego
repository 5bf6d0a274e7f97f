package stance.rules.aws.rds.instance_backups_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.rds.instance_backups as rule
import rego.v1

cases := [
	{"name": "7 days", "expect": "pass", "input": fx.rds_instance({"BackupRetentionPeriod": 7})},
	{"name": "35 days", "expect": "pass", "input": fx.rds_instance({"BackupRetentionPeriod": 35})},
	{"name": "1 day (the default)", "expect": "fail", "input": fx.rds_instance({"BackupRetentionPeriod": 1})},
	{"name": "backups off", "expect": "fail", "input": fx.rds_instance({"BackupRetentionPeriod": 0})},
	{"name": "MySQL read replica with short retention", "expect": "fail", "input": fx.rds_instance({"Engine": "mysql", "BackupRetentionPeriod": 0, "ReadReplicaSourceDBInstanceIdentifier": "orders-primary"})},
	{"name": "PostgreSQL read replica", "expect": "not_applicable", "input": fx.rds_instance({"BackupRetentionPeriod": 0, "ReadReplicaSourceDBInstanceIdentifier": "orders-primary"})},
	{"name": "Aurora instance", "expect": "not_applicable", "input": fx.rds_instance({"Engine": "aurora-postgresql", "BackupRetentionPeriod": 1})},
	{"name": "not reported", "expect": "error", "input": fx.rds_instance({})},
]

test_cases if harness.check_cases("aws.rds.instance_backups", cases)

test_message if {
	some finding in rule.deny with input as fx.rds_instance({"BackupRetentionPeriod": 1})
	finding.msg == "RDS instance orders-db keeps automated backups for 1 day(s), fewer than 7"
}
