package stance.rules.aws.guardduty.enabled_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.guardduty.enabled as rule
import rego.v1

cases := [
	{"name": "enabled detector", "expect": "pass", "input": fx.guardduty([fx.detector("ENABLED", {})])},
	{"name": "no detector", "expect": "fail", "input": fx.guardduty([])},
	{"name": "suspended detector", "expect": "fail", "input": fx.guardduty([fx.detector("DISABLED", {})])},
	{"name": "not offered in the region", "expect": "not_applicable", "input": fx.not_offered("aws.guardduty.region", "guardduty")},
	{"name": "detectors not reported", "expect": "error", "input": json.remove(fx.guardduty([]), ["resource/config/Detectors"])},
	{"name": "detector without Status", "expect": "error", "input": fx.guardduty([json.remove(fx.detector("ENABLED", {}), ["Status"])])},
]

test_cases if harness.check_cases("aws.guardduty.enabled", cases)

test_message if {
	some finding in rule.deny with input as fx.guardduty([])
	finding.msg == "GuardDuty is not enabled in region eu-west-1 (0 detector(s), none enabled)"
}
