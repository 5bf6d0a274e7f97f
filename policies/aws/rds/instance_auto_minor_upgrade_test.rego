package stance.rules.aws.rds.instance_auto_minor_upgrade_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.rds.instance_auto_minor_upgrade as rule
import rego.v1

cases := [
	{"name": "auto minor upgrade on", "expect": "pass", "input": fx.rds_instance({})},
	{"name": "auto minor upgrade off", "expect": "fail", "input": fx.rds_instance({"AutoMinorVersionUpgrade": false})},
	{"name": "flag missing is error: not reported, never a guess", "expect": "error", "input": json.remove(fx.rds_instance({}), ["resource/config/AutoMinorVersionUpgrade"])},
]

test_cases if harness.check_cases("aws.rds.instance_auto_minor_upgrade", cases)

test_message if {
	some finding in rule.deny with input as fx.rds_instance({"AutoMinorVersionUpgrade": false})
	finding.msg == "RDS instance orders-db does not upgrade its postgres minor version automatically"
}
