package stance.rules.aws.s3.bucket_mfa_delete_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.s3.bucket_mfa_delete as rule
import rego.v1

cases := [
	{"name": "versioning with MFA Delete", "expect": "pass", "input": fx.s3_bucket({"Versioning": {"Status": "Enabled", "MFADelete": "Enabled"}})},
	{"name": "versioning without MFA Delete", "expect": "fail", "input": fx.s3_bucket({})},
	{"name": "versioning never enabled (empty output)", "expect": "fail", "input": fx.s3_bucket({"Versioning": {"Status": null, "MFADelete": null}})},
	{"name": "versioning suspended", "expect": "fail", "input": fx.s3_bucket({"Versioning": {"Status": "Suspended", "MFADelete": "Disabled"}})},
	{"name": "versioning not reported: error, never disabled", "expect": "error", "input": json.remove(fx.s3_bucket({}), ["resource/config/Versioning"])},
]

test_cases if harness.check_cases("aws.s3.bucket_mfa_delete", cases)

test_message if {
	some finding in rule.deny with input as fx.s3_bucket({})
	finding.msg == "bucket acme-invoices: MFA Delete is not enabled (versioning enabled)"
}
