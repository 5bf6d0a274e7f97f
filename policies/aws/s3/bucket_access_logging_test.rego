package stance.rules.aws.s3.bucket_access_logging_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "logging to a separate bucket", "expect": "pass", "input": fx.s3_bucket({"Logging": {"TargetBucket": "acme-logs", "TargetPrefix": "acme-invoices/"}})},
	{"name": "logging off (GetBucketLogging without LoggingEnabled)", "expect": "fail", "input": fx.s3_bucket({"Logging": null})},
	{"name": "logging not reported: error", "expect": "error", "input": json.remove(fx.s3_bucket({}), ["resource/config/Logging"])},
]

test_cases if harness.check_cases("aws.s3.bucket_access_logging", cases)
