package stance.rules.aws.guardduty.runtime_monitoring_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

without_feature := object.union(fx.detector("ENABLED", {}), {"Features": [f | some f in fx.detector("ENABLED", {}).Features; f.Name != "RUNTIME_MONITORING"]})

cases := [
	{"name": "feature on", "expect": "pass", "input": fx.guardduty([fx.detector("ENABLED", {})])},
	{"name": "feature off", "expect": "fail", "input": fx.guardduty([fx.detector("ENABLED", {"RUNTIME_MONITORING": "DISABLED"})])},
	{"name": "feature not listed by the detector", "expect": "fail", "input": fx.guardduty([without_feature])},
	{"name": "GuardDuty off", "expect": "fail", "input": fx.guardduty([])},
	{"name": "feature on but the detector suspended", "expect": "fail", "input": fx.guardduty([fx.detector("DISABLED", {})])},
	{"name": "not offered in the region", "expect": "not_applicable", "input": fx.not_offered("aws.guardduty.region", "guardduty")},
	{"name": "detectors not reported", "expect": "error", "input": json.remove(fx.guardduty([]), ["resource/config/Detectors"])},
	{"name": "older detector without features: not reported", "expect": "error", "input": fx.guardduty([fx.legacy_detector("ENABLED", "ENABLED")])},
]

test_cases if harness.check_cases("aws.guardduty.runtime_monitoring", cases)
