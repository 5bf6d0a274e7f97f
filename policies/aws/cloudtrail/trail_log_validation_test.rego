package stance.rules.aws.cloudtrail.trail_log_validation_test

import data.stance.lib.testing.aws as fx
import data.stance.rules.aws.cloudtrail.trail_log_validation as rule
import rego.v1

cases := [
	{"name": "validation enabled", "expect": "pass", "input": fx.trail({})},
	{"name": "validation disabled", "expect": "fail", "input": fx.trail({"LogFileValidationEnabled": false})},
	{"name": "flag missing is error: not reported, never a guess", "expect": "error", "input": json.remove(fx.trail({}), ["resource/config/LogFileValidationEnabled"])},
]

test_message if {
	some finding in rule.deny with input as fx.trail({"LogFileValidationEnabled": false})
	finding.msg == "CloudTrail trail org-trail does not validate its log files"
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
