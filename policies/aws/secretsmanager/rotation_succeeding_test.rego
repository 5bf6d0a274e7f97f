package stance.rules.aws.secretsmanager.rotation_succeeding_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.secretsmanager.rotation_succeeding as rule
import rego.v1

without_next := json.remove(fx.secret({}), ["resource/config/NextRotationDate"])

cases := [
	{"name": "next rotation ahead", "expect": "pass", "input": fx.secret({})},
	{"name": "next rotation due yesterday (within a day's grace)", "expect": "pass", "input": fx.secret({"NextRotationDate": "2025-11-22T18:00:00Z"})},
	{"name": "next rotation date long past", "expect": "fail", "input": fx.secret({"NextRotationDate": "2025-10-01T03:00:00Z", "LastRotatedDate": "2025-09-01T03:00:00Z"})},
	{"name": "interval: rotated 22 days ago every 30", "expect": "pass", "input": without_next},
	{"name": "interval: rotated 60 days ago every 30", "expect": "fail", "input": object.union(without_next, {"resource": {"config": {"LastRotatedDate": "2025-09-24T03:00:00Z"}}})},
	{"name": "interval: never rotated, created long ago", "expect": "fail", "input": json.remove(without_next, ["resource/config/LastRotatedDate"])},
	{"name": "rotation off", "expect": "not_applicable", "input": fx.secret({"RotationEnabled": false})},
	{"name": "neither next date nor interval", "expect": "error", "input": json.remove(without_next, ["resource/config/RotationRules"])},
]

test_cases if harness.check_cases("aws.secretsmanager.rotation_succeeding", cases)

test_message if {
	some finding in rule.deny with input as fx.secret({"NextRotationDate": "2025-10-01T03:00:00Z", "LastRotatedDate": "2025-09-01T03:00:00Z"})
	finding.msg == "Secrets Manager secret orders/db was due to rotate on 2025-10-01T03:00:00Z and has not (last rotated 2025-09-01T03:00:00Z)"
}
