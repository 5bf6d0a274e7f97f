package stance.rules.aws.iam.access_key_rotation_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.iam.access_key_rotation as rule
import rego.v1

key(status, created) := fx.access_key("AKIAEXAMPLEKEY000001", status, created, "2025-11-22T00:00:00Z")

cases := [
	{"name": "no access keys", "expect": "not_applicable", "input": fx.iam_user({})},
	{"name": "only an old inactive key", "expect": "not_applicable", "input": fx.iam_user({"AccessKeys": [key("Inactive", "2022-01-01T00:00:00Z")]})},
	{"name": "active key 30 days old", "expect": "pass", "input": fx.iam_user({"AccessKeys": [key("Active", "2025-10-24T09:00:00Z")]})},
	{"name": "active key exactly 90 days old", "expect": "pass", "input": fx.iam_user({"AccessKeys": [key("Active", "2025-08-25T12:13:20Z")]})},
	{"name": "active key 91 days old", "expect": "fail", "input": fx.iam_user({"AccessKeys": [key("Active", "2025-08-24T12:13:20Z")]})},
	{"name": "active key from 2022", "expect": "fail", "input": fx.iam_user({"AccessKeys": [key("Active", "2022-01-01T00:00:00Z")]})},
	{"name": "active key without a creation date is error: not reported, never a guess", "expect": "error", "input": fx.iam_user({"AccessKeys": [key("Active", null)]})},
	{"name": "no credential report row: keys unknown, error", "expect": "error", "input": fx.iam_user({"CredentialReport": null})},
]

test_cases if harness.check_cases("aws.iam.access_key_rotation", cases)

test_message if {
	some finding in rule.deny with input as fx.iam_user({"AccessKeys": [key("Active", "2025-08-24T12:13:20Z")]})
	finding.msg == "IAM user alice has an active access key AKIAEXAMPLEKEY000001 created 91 days ago (2025-08-24T12:13:20Z)"
}
