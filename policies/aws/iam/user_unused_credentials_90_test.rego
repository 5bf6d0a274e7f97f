package stance.rules.aws.iam.user_unused_credentials_90_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

# The fixtures' clock is 2025-11-23.
password(last_used) := fx.iam_user({"CredentialReport": fx.user_row({"password_enabled": "true", "password_last_used": last_used, "password_last_changed": "2024-03-01T09:12:44+00:00"})})

key(created, last_used) := fx.iam_user({"AccessKeys": [fx.access_key("AKIAEXAMPLEKEY000001", "Active", created, last_used)]})

cases := [
	{"name": "password used 60 days ago (fails the 45-day rule, not this one)", "expect": "pass", "input": password("2025-09-24T10:00:00+00:00")},
	{"name": "password used 90 days ago", "expect": "fail", "input": password("2025-08-25T10:00:00+00:00")},
	{"name": "key used yesterday", "expect": "pass", "input": key("2024-01-01T00:00:00Z", "2025-11-22T08:00:00Z")},
	{"name": "key never used, created 100 days ago", "expect": "fail", "input": key("2025-08-15T00:00:00Z", null)},
	{"name": "no password, no active key", "expect": "not_applicable", "input": fx.iam_user({})},
	{"name": "no credential report row", "expect": "error", "input": fx.iam_user({"CredentialReport": null})},
]

test_cases if harness.check_cases("aws.iam.user_unused_credentials_90", cases)
