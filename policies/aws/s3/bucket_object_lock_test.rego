package stance.rules.aws.s3.bucket_object_lock_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "Object Lock with default retention", "expect": "pass", "input": fx.s3_bucket({"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled", "Rule": {"DefaultRetention": {"Mode": "GOVERNANCE", "Days": 30}}}})},
	{"name": "Object Lock enabled without a default rule", "expect": "pass", "input": fx.s3_bucket({"ObjectLockConfiguration": {"ObjectLockEnabled": "Enabled"}})},
	{"name": "no Object Lock configuration", "expect": "fail", "input": fx.s3_bucket({})},
	{"name": "Object Lock not reported: error", "expect": "error", "input": json.remove(fx.s3_bucket({}), ["resource/config/ObjectLockConfiguration"])},
]

test_cases if harness.check_cases("aws.s3.bucket_object_lock", cases)
