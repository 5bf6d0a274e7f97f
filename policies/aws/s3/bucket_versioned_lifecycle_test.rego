package stance.rules.aws.s3.bucket_versioned_lifecycle_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

unversioned := {"Versioning": {"Status": null, "MFADelete": null}}

cases := [
	{"name": "versioned with an enabled lifecycle rule", "expect": "pass", "input": fx.s3_bucket({})},
	{"name": "versioned, no lifecycle configuration", "expect": "fail", "input": fx.s3_bucket({"LifecycleConfiguration": null})},
	{"name": "versioned, only a disabled rule", "expect": "fail", "input": fx.s3_bucket({"LifecycleConfiguration": {"Rules": [{"ID": "old", "Status": "Disabled", "Filter": {}}]}})},
	{"name": "never versioned", "expect": "not_applicable", "input": fx.s3_bucket(object.union(unversioned, {"LifecycleConfiguration": null}))},
	{"name": "versioning suspended", "expect": "not_applicable", "input": fx.s3_bucket({"Versioning": {"Status": "Suspended"}, "LifecycleConfiguration": null})},
	{"name": "versioned, lifecycle not reported: error", "expect": "error", "input": json.remove(fx.s3_bucket({}), ["resource/config/LifecycleConfiguration"])},
]

test_cases if harness.check_cases("aws.s3.bucket_versioned_lifecycle", cases)
