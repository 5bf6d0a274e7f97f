package stance.rules.aws.ecr.repository_image_scanning_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

manual := {"scanOnPush": false, "scanFrequency": "MANUAL", "appliedScanFilters": []}

cases := [
	{"name": "registry rule scans on push", "expect": "pass", "input": fx.ecr_repository({})},
	{"name": "enhanced continuous scanning", "expect": "pass", "input": fx.ecr_repository({"ScanningConfiguration": {"scanOnPush": false, "scanFrequency": "CONTINUOUS_SCAN"}, "stance": {"registryScanType": "ENHANCED"}})},
	{"name": "basic scanning with the repository's own scan on push", "expect": "pass", "input": fx.ecr_repository({"ScanningConfiguration": manual, "imageScanningConfiguration": {"scanOnPush": true}})},
	{"name": "manual only", "expect": "fail", "input": fx.ecr_repository({"ScanningConfiguration": manual})},
	{"name": "enhanced scanning ignores the repository's old setting", "expect": "fail", "input": fx.ecr_repository({"ScanningConfiguration": manual, "imageScanningConfiguration": {"scanOnPush": true}, "stance": {"registryScanType": "ENHANCED"}})},
	{"name": "effective configuration not reported", "expect": "error", "input": json.remove(fx.ecr_repository({}), ["resource/config/ScanningConfiguration"])},
]

test_cases if harness.check_cases("aws.ecr.repository_image_scanning", cases)
