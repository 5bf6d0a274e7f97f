package stance.rules.aws.iam.user_unused_credentials_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.iam.user_unused_credentials as rule
import rego.v1

# now is 2025-11-23T12:13:20Z
recent := "2025-11-20T08:01:02+00:00"

stale := "2025-09-01T10:00:00+00:00"

password(used, changed) := {"CredentialReport": fx.user_row({"password_enabled": "true", "password_last_used": used, "password_last_changed": changed})}

key(status, created, used) := {"AccessKeys": [fx.access_key("AKIAEXAMPLEKEY000001", status, created, used)]}

cases := [
	{"name": "no password and no active key", "expect": "not_applicable", "input": fx.iam_user({})},
	{"name": "only an inactive stale key", "expect": "not_applicable", "input": fx.iam_user(key("Inactive", "2023-01-01T00:00:00Z", null))},
	{"name": "password used recently", "expect": "pass", "input": fx.iam_user(password(recent, "2025-06-01T10:00:00+00:00"))},
	{"name": "password last used 83 days ago", "expect": "fail", "input": fx.iam_user(password(stale, "2025-06-01T10:00:00+00:00"))},
	{"name": "password never used, set recently", "expect": "pass", "input": fx.iam_user(password("no_information", "2025-11-01T10:00:00+00:00"))},
	{"name": "password never used, set long ago", "expect": "fail", "input": fx.iam_user(password("N/A", "2025-03-01T10:00:00+00:00"))},
	{"name": "password never used nor changed: user creation counts", "expect": "fail", "input": fx.iam_user(password("N/A", "N/A"))},
	{"name": "password used exactly 45 days ago", "expect": "fail", "input": fx.iam_user(password("2025-10-09T12:13:20+00:00", "N/A"))},
	{"name": "password used 44 days ago", "expect": "pass", "input": fx.iam_user(password("2025-10-10T12:13:20+00:00", "N/A"))},
	{"name": "active key used recently", "expect": "pass", "input": fx.iam_user(key("Active", "2023-01-01T00:00:00Z", "2025-11-22T03:00:00Z"))},
	{"name": "active key unused since September", "expect": "fail", "input": fx.iam_user(key("Active", "2023-01-01T00:00:00Z", "2025-09-01T03:00:00Z"))},
	{"name": "active key created recently, never used", "expect": "pass", "input": fx.iam_user(key("Active", "2025-11-10T00:00:00Z", null))},
	{"name": "active key created long ago, never used", "expect": "fail", "input": fx.iam_user(key("Active", "2025-01-10T00:00:00Z", null))},
	{"name": "fresh password but stale second key", "expect": "fail", "input": fx.iam_user(object.union(password(recent, "N/A"), {"AccessKeys": [
		fx.access_key("AKIAEXAMPLEKEY000001", "Active", "2025-01-10T00:00:00Z", "2025-11-22T03:00:00Z"),
		fx.access_key("AKIAEXAMPLEKEY000002", "Active", "2025-01-10T00:00:00Z", "2025-07-02T03:00:00Z"),
	]}))},
	{"name": "credential report missing is error: not reported, never a guess", "expect": "error", "input": fx.iam_user({"CredentialReport": null})},
]

test_cases if harness.check_cases("aws.iam.user_unused_credentials", cases)

test_messages if {
	findings := rule.deny with input as fx.iam_user(object.union(password("N/A", "2025-03-01T10:00:00+00:00"), key("Active", "2025-01-10T00:00:00Z", null)))
	{f.msg | some f in findings} == {
		"IAM user alice has a console password set and never used 267 days ago (2025-03-01T10:00:00+00:00)",
		"IAM user alice has an active access key AKIAEXAMPLEKEY000001 created and never used 317 days ago (2025-01-10T00:00:00Z)",
	}
}
