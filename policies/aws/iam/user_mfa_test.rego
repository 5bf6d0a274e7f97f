package stance.rules.aws.iam.user_mfa_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "MFA device active", "expect": "pass", "input": fx.iam_user({"CredentialReport": fx.user_row({"mfa_active": "true"})})},
	{"name": "no MFA, access keys only", "expect": "fail", "input": fx.iam_user({"CredentialReport": fx.user_row({"access_key_1_active": "true"})})},
	{"name": "no MFA, console password", "expect": "fail", "input": fx.iam_user({"CredentialReport": fx.user_row({"password_enabled": "true"})})},
	{"name": "no credential report row", "expect": "error", "input": fx.iam_user({"CredentialReport": null})},
	{"name": "row without mfa_active", "expect": "error", "input": json.remove(fx.iam_user({}), ["resource/config/CredentialReport/mfa_active"])},
]

test_cases if harness.check_cases("aws.iam.user_mfa", cases)
