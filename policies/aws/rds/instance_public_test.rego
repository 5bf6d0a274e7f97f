package stance.rules.aws.rds.instance_public_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.rds.instance_public as rule
import rego.v1

cases := [
	{"name": "private instance", "expect": "pass", "input": fx.rds_instance({})},
	{"name": "publicly accessible", "expect": "fail", "input": fx.rds_instance({"PubliclyAccessible": true})},
	{"name": "publicly accessible while still creating", "expect": "fail", "input": json.remove(fx.rds_instance({"PubliclyAccessible": true, "DBInstanceStatus": "creating"}), ["resource/config/Endpoint"])},
	{"name": "flag missing is error: not reported, never a pass", "expect": "error", "input": json.remove(fx.rds_instance({}), ["resource/config/PubliclyAccessible"])},
]

test_cases if harness.check_cases("aws.rds.instance_public", cases)

test_message if {
	some finding in rule.deny with input as fx.rds_instance({"PubliclyAccessible": true})
	finding.msg == "RDS instance orders-db is publicly accessible (endpoint orders-db.abcdefghijkl.eu-west-1.rds.amazonaws.com)"
}
