package stance.rules.aws.s3.bucket_versioning_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.s3.bucket_versioning as rule
import rego.v1

cases := [
	{"name": "versioning enabled", "expect": "pass", "input": fx.s3_bucket({})},
	{"name": "never enabled", "expect": "fail", "input": fx.s3_bucket({"Versioning": {"Status": null, "MFADelete": null}})},
	{"name": "suspended", "expect": "fail", "input": fx.s3_bucket({"Versioning": {"Status": "Suspended", "MFADelete": "Disabled"}})},
	{"name": "versioning not reported: error", "expect": "error", "input": json.remove(fx.s3_bucket({}), ["resource/config/Versioning"])},
]

test_cases if harness.check_cases("aws.s3.bucket_versioning", cases)

test_message if {
	some finding in rule.deny with input as fx.s3_bucket({"Versioning": {"Status": null, "MFADelete": null}})
	finding.msg == "bucket acme-invoices does not have versioning enabled (never enabled)"
}
