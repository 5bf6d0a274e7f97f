package stance.rules.aws.rds.instance_auto_minor_upgrade_test

import data.stance.lib.testing.aws as fx
import data.stance.rules.aws.rds.instance_auto_minor_upgrade as rule
import rego.v1

cases := [
	{"name": "auto minor upgrade on", "expect": "pass", "input": fx.rds_instance({})},
	{"name": "auto minor upgrade off", "expect": "fail", "input": fx.rds_instance({"AutoMinorVersionUpgrade": false})},
	{"name": "flag missing is error: not reported, never a guess", "expect": "error", "input": json.remove(fx.rds_instance({}), ["resource/config/AutoMinorVersionUpgrade"])},
]

test_message if {
	some finding in rule.deny with input as fx.rds_instance({"AutoMinorVersionUpgrade": false})
	finding.msg == "RDS instance orders-db does not upgrade its postgres minor version automatically"
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
