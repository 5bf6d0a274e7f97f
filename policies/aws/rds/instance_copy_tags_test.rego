package stance.rules.aws.rds.instance_copy_tags_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "copies tags", "expect": "pass", "input": fx.rds_instance({"CopyTagsToSnapshot": true})},
	{"name": "does not copy tags", "expect": "fail", "input": fx.rds_instance({"CopyTagsToSnapshot": false})},
	{"name": "Aurora instance", "expect": "not_applicable", "input": fx.rds_instance({"Engine": "aurora-postgresql", "CopyTagsToSnapshot": false})},
	{"name": "not reported", "expect": "error", "input": fx.rds_instance({})},
]

test_cases if harness.check_cases("aws.rds.instance_copy_tags", cases)
