package stance.rules.aws.s3.bucket_lifecycle_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "an enabled lifecycle rule", "expect": "pass", "input": fx.s3_bucket({})},
	{"name": "no lifecycle configuration", "expect": "fail", "input": fx.s3_bucket({"LifecycleConfiguration": null})},
	{"name": "only a disabled rule", "expect": "fail", "input": fx.s3_bucket({"LifecycleConfiguration": {"Rules": [{"ID": "old", "Status": "Disabled", "Filter": {}, "Expiration": {"Days": 30}}]}})},
	{"name": "lifecycle not reported: error", "expect": "error", "input": json.remove(fx.s3_bucket({}), ["resource/config/LifecycleConfiguration"])},
]

test_cases if harness.check_cases("aws.s3.bucket_lifecycle", cases)
