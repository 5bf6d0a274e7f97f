package stance.rules.aws.iam.user_console_without_mfa_test

import data.stance.lib.testing.harness
import rego.v1

report_row(password, mfa) := {
	"user": "alice",
	"arn": "arn:aws:iam::111122223333:user/alice",
	"user_creation_time": "2024-03-01T09:12:44+00:00",
	"password_enabled": password,
	"password_last_used": "2026-11-20T08:01:02+00:00",
	"password_last_changed": "2026-06-01T10:00:00+00:00",
	"password_next_rotation": "N/A",
	"mfa_active": mfa,
	"access_key_1_active": "false",
	"access_key_1_last_rotated": "N/A",
	"access_key_1_last_used_date": "N/A",
	"access_key_1_last_used_region": "N/A",
	"access_key_1_last_used_service": "N/A",
	"access_key_2_active": "false",
	"access_key_2_last_rotated": "N/A",
	"access_key_2_last_used_date": "N/A",
	"access_key_2_last_used_region": "N/A",
	"access_key_2_last_used_service": "N/A",
	"cert_1_active": "false",
	"cert_1_last_rotated": "N/A",
	"cert_2_active": "false",
	"cert_2_last_rotated": "N/A",
}

user(extra) := {
	"resource": {
		"id": "arn:aws:iam::111122223333:user/alice",
		"type": "aws.iam.user",
		"provider": "aws",
		"account": "111122223333",
		"region": "global",
		"name": "alice",
		"tags": {},
		"config": object.union(
			{
				"Path": "/",
				"UserName": "alice",
				"UserId": "AIDAEXAMPLEALICE00001",
				"Arn": "arn:aws:iam::111122223333:user/alice",
				"CreateDate": "2024-03-01T09:12:44Z",
				"GroupList": ["developers"],
				"AttachedManagedPolicies": [],
				"UserPolicyList": [],
				"Tags": [],
			},
			extra,
		),
	},
	"context": {"now_ns": 1763900000000000000, "provider": "aws", "account": "111122223333", "region": "global"},
}

cases := [
	{"name": "console password without MFA", "expect": "fail", "input": user({"CredentialReport": report_row("true", "false")})},
	{"name": "console password with MFA", "expect": "pass", "input": user({"CredentialReport": report_row("true", "true")})},
	{"name": "no console password", "expect": "not_applicable", "input": user({"CredentialReport": report_row("false", "false")})},
	{"name": "password not supported (root-style row)", "expect": "not_applicable", "input": user({"CredentialReport": report_row("not_supported", "true")})},
	{"name": "credential report missing: not collected, never a pass", "expect": "error", "input": user({})},
	{"name": "credential report row null (the collector's none): error, never a pass", "expect": "error", "input": user({"CredentialReport": null})},
	{"name": "mfa_active missing from the row: error", "expect": "error", "input": user({"CredentialReport": json.remove(report_row("true", "false"), ["mfa_active"])})},
]

test_cases if harness.check_cases("aws.iam.user_console_without_mfa", cases)
