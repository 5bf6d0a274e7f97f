package stance.rules.aws.iam.user_multiple_active_keys_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.iam.user_multiple_active_keys as rule
import rego.v1

k1(status) := fx.access_key("AKIAEXAMPLEKEY000001", status, "2025-02-01T00:00:00Z", "2025-11-20T00:00:00Z")

k2(status) := fx.access_key("AKIAEXAMPLEKEY000002", status, "2025-10-01T00:00:00Z", null)

cases := [
	{"name": "no access keys", "expect": "not_applicable", "input": fx.iam_user({})},
	{"name": "one active key", "expect": "pass", "input": fx.iam_user({"AccessKeys": [k1("Active")]})},
	{"name": "one active, one inactive", "expect": "pass", "input": fx.iam_user({"AccessKeys": [k1("Active"), k2("Inactive")]})},
	{"name": "two inactive keys", "expect": "pass", "input": fx.iam_user({"AccessKeys": [k1("Inactive"), k2("Inactive")]})},
	{"name": "two active keys", "expect": "fail", "input": fx.iam_user({"AccessKeys": [k1("Active"), k2("Active")]})},
	{"name": "two active keys from the credential report (no key ids)", "expect": "fail", "input": fx.iam_user({"AccessKeys": [report_key(1, "Active"), report_key(2, "Active")]})},
	{"name": "one active key from the credential report", "expect": "pass", "input": fx.iam_user({"AccessKeys": [report_key(1, "Active"), report_key(2, "Inactive")]})},
	{"name": "no credential report row: keys unknown, error", "expect": "error", "input": fx.iam_user({"CredentialReport": null})},
]

test_cases if harness.check_cases("aws.iam.user_multiple_active_keys", cases)

report_key(slot, status) := {"UserName": "alice", "Slot": slot, "Status": status, "CreateDate": "2025-01-10T08:00:00+00:00", "LastUsed": {"LastUsedDate": null}}

test_report_keys_named_by_slot if {
	some finding in rule.deny with input as fx.iam_user({"AccessKeys": [report_key(1, "Active"), report_key(2, "Active")]})
	finding.keys == ["#1 (credential report slot)", "#2 (credential report slot)"]
}

test_message if {
	some finding in rule.deny with input as fx.iam_user({"AccessKeys": [k2("Active"), k1("Active")]})
	finding.msg == "IAM user alice has 2 active access keys (AKIAEXAMPLEKEY000001, AKIAEXAMPLEKEY000002)"
}
