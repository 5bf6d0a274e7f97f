package stance.rules.aws.rds.instance_deletion_protection_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "deletion protection on", "expect": "pass", "input": fx.rds_instance({"DeletionProtection": true})},
	{"name": "deletion protection off", "expect": "fail", "input": fx.rds_instance({"DeletionProtection": false})},
	{"name": "Aurora instance", "expect": "not_applicable", "input": fx.rds_instance({"Engine": "aurora-mysql", "DeletionProtection": false})},
	{"name": "not reported", "expect": "error", "input": fx.rds_instance({})},
]

test_cases if harness.check_cases("aws.rds.instance_deletion_protection", cases)
