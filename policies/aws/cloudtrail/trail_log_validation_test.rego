package stance.rules.aws.cloudtrail.trail_log_validation_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudtrail.trail_log_validation as rule
import rego.v1

cases := [
	{"name": "validation enabled", "expect": "pass", "input": fx.trail({})},
	{"name": "validation disabled", "expect": "fail", "input": fx.trail({"LogFileValidationEnabled": false})},
	{"name": "flag missing is error: not reported, never a guess", "expect": "error", "input": json.remove(fx.trail({}), ["resource/config/LogFileValidationEnabled"])},
]

test_cases if harness.check_cases("aws.cloudtrail.trail_log_validation", cases)

test_message if {
	some finding in rule.deny with input as fx.trail({"LogFileValidationEnabled": false})
	finding.msg == "CloudTrail trail org-trail does not validate its log files"
}
