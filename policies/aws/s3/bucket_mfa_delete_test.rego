package stance.rules.aws.s3.bucket_mfa_delete_test

import data.stance.lib.testing.aws as fx
import data.stance.rules.aws.s3.bucket_mfa_delete as rule
import rego.v1

cases := [
	{"name": "versioning with MFA Delete", "expect": "pass", "input": fx.s3_bucket({"Versioning": {"Status": "Enabled", "MFADelete": "Enabled"}})},
	{"name": "versioning without MFA Delete", "expect": "fail", "input": fx.s3_bucket({})},
	{"name": "versioning never enabled (empty output)", "expect": "fail", "input": fx.s3_bucket({"Versioning": {"Status": null, "MFADelete": null}})},
	{"name": "versioning suspended", "expect": "fail", "input": fx.s3_bucket({"Versioning": {"Status": "Suspended", "MFADelete": "Disabled"}})},
	{"name": "versioning not reported: error, never disabled", "expect": "error", "input": json.remove(fx.s3_bucket({}), ["resource/config/Versioning"])},
]

test_message if {
	some finding in rule.deny with input as fx.s3_bucket({})
	finding.msg == "bucket acme-invoices: MFA Delete is not enabled (versioning enabled)"
}

default verdict(_) := "undefined"

unknown(case_input) if count(rule.unknown) > 0 with input as case_input

verdict(case_input) := "not_applicable" if rule.not_applicable with input as case_input

verdict(case_input) := "error" if {
	not rule.not_applicable with input as case_input
	unknown(case_input)
}

verdict(case_input) := "fail" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) > 0 with input as case_input
}

verdict(case_input) := "pass" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) == 0 with input as case_input
}

failures := [c.name | some c in cases; verdict(c.input) != c.expect]

test_cases if failures == []
