package stance.rules.aws.s3.bucket_kms_encryption_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.s3.bucket_kms_encryption as rule
import rego.v1

sse(algorithm) := fx.s3_bucket({"ServerSideEncryptionConfiguration": {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": algorithm}, "BucketKeyEnabled": false}]}})

cases := [
	{"name": "SSE-KMS", "expect": "pass", "input": fx.s3_bucket({})},
	{"name": "DSSE-KMS", "expect": "pass", "input": sse("aws:kms:dsse")},
	{"name": "SSE-S3", "expect": "fail", "input": sse("AES256")},
	{"name": "no default encryption", "expect": "fail", "input": fx.s3_bucket({"ServerSideEncryptionConfiguration": null})},
	{"name": "encryption not reported: error", "expect": "error", "input": json.remove(fx.s3_bucket({}), ["resource/config/ServerSideEncryptionConfiguration"])},
]

test_cases if harness.check_cases("aws.s3.bucket_kms_encryption", cases)

test_message if {
	some finding in rule.deny with input as sse("AES256")
	finding.msg == "bucket acme-invoices is not encrypted by default with a KMS key (AES256)"
}
