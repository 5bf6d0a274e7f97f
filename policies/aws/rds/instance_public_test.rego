package stance.rules.aws.rds.instance_public_test

import data.stance.lib.testing.aws as fx
import data.stance.rules.aws.rds.instance_public as rule
import rego.v1

cases := [
	{"name": "private instance", "expect": "pass", "input": fx.rds_instance({})},
	{"name": "publicly accessible", "expect": "fail", "input": fx.rds_instance({"PubliclyAccessible": true})},
	{"name": "publicly accessible while still creating", "expect": "fail", "input": json.remove(fx.rds_instance({"PubliclyAccessible": true, "DBInstanceStatus": "creating"}), ["resource/config/Endpoint"])},
	{"name": "flag missing is error: not reported, never a pass", "expect": "error", "input": json.remove(fx.rds_instance({}), ["resource/config/PubliclyAccessible"])},
]

test_message if {
	some finding in rule.deny with input as fx.rds_instance({"PubliclyAccessible": true})
	finding.msg == "RDS instance orders-db is publicly accessible (endpoint orders-db.abcdefghijkl.eu-west-1.rds.amazonaws.com)"
}

default verdict(_) := "undefined"

unknown(case_input) if count(rule.unknown) > 0 with input as case_input

verdict(case_input) := "not_applicable" if rule.not_applicable with input as case_input

verdict(case_input) := "error" if {
	not rule.not_applicable with input as case_input
	unknown(case_input)
}

verdict(case_input) := "fail" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) > 0 with input as case_input
}

verdict(case_input) := "pass" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) == 0 with input as case_input
}

failures := [c.name | some c in cases; verdict(c.input) != c.expect]

test_cases if failures == []
