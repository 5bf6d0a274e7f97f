package stance.rules.aws.secretsmanager.rotated_recently_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "rotated 22 days ago", "expect": "pass", "input": fx.secret({})},
	{"name": "rotated 100 days ago", "expect": "fail", "input": fx.secret({"LastRotatedDate": "2025-08-15T03:00:00Z"})},
	{"name": "never rotated, created recently", "expect": "pass", "input": json.remove(fx.secret({"CreatedDate": "2025-10-01T09:00:00Z", "RotationEnabled": false}), ["resource/config/LastRotatedDate"])},
	{"name": "never rotated, created long ago", "expect": "fail", "input": json.remove(fx.secret({"RotationEnabled": false}), ["resource/config/LastRotatedDate"])},
	{"name": "no dates reported", "expect": "error", "input": json.remove(fx.secret({}), ["resource/config/LastRotatedDate", "resource/config/CreatedDate"])},
]

test_cases if harness.check_cases("aws.secretsmanager.rotated_recently", cases)
