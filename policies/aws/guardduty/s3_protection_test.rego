package stance.rules.aws.guardduty.s3_protection_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

without_feature := object.union(fx.detector("ENABLED", {}), {"Features": [f | some f in fx.detector("ENABLED", {}).Features; f.Name != "S3_DATA_EVENTS"]})

cases := [
	{"name": "feature on", "expect": "pass", "input": fx.guardduty([fx.detector("ENABLED", {})])},
	{"name": "feature off", "expect": "fail", "input": fx.guardduty([fx.detector("ENABLED", {"S3_DATA_EVENTS": "DISABLED"})])},
	{"name": "feature not listed by the detector", "expect": "fail", "input": fx.guardduty([without_feature])},
	{"name": "GuardDuty off", "expect": "fail", "input": fx.guardduty([])},
	{"name": "feature on but the detector suspended", "expect": "fail", "input": fx.guardduty([fx.detector("DISABLED", {})])},
	{"name": "not offered in the region", "expect": "not_applicable", "input": fx.not_offered("aws.guardduty.region", "guardduty")},
	{"name": "detectors not reported", "expect": "error", "input": json.remove(fx.guardduty([]), ["resource/config/Detectors"])},
	{"name": "older detector: S3 logs data source on", "expect": "pass", "input": fx.guardduty([fx.legacy_detector("ENABLED", "DISABLED")])},
	{"name": "older detector: S3 logs data source off", "expect": "fail", "input": fx.guardduty([fx.legacy_detector("DISABLED", "ENABLED")])},
]

test_cases if harness.check_cases("aws.guardduty.s3_protection", cases)
