# METADATA
# title: S3 bucket is not encrypted by default with a KMS key
# description: >-
#   The bucket's default encryption is SSE-S3 (keys S3 owns) or none: reading an object needs no
#   kms:Decrypt permission on a key you control, and CloudTrail records no key use. With SSE-KMS
#   (or DSSE-KMS), access to the data also depends on the key policy.
# custom:
#   id: aws-s3-bucket-kms-encryption
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Console: S3 > Buckets > select the bucket > Properties > Default encryption > Edit > SSE-KMS,
#     choose a KMS key, Bucket Key enabled > Save changes (existing objects keep their encryption
#     until copied over themselves).
#     CLI: aws s3api put-bucket-encryption --bucket <bucket> --server-side-encryption-configuration
#     '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"aws:kms","KMSMasterKeyID":"<key-arn>"},"BucketKeyEnabled":true}]}'
package stance.rules.aws.s3.bucket_kms_encryption

import data.stance.lib.aws
import rego.v1

config := input.resource.config

algorithms := [a |
	some r in object.get(config, ["ServerSideEncryptionConfiguration", "Rules"], [])
	a := r.ApplyServerSideEncryptionByDefault.SSEAlgorithm
]

unknown contains msg if {
	not aws.present_or_null(config, "ServerSideEncryptionConfiguration")
	msg := sprintf("bucket %s: its default encryption was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	aws.present_or_null(config, "ServerSideEncryptionConfiguration")
	every a in algorithms {
		not a in {"aws:kms", "aws:kms:dsse"}
	}
	msg := sprintf("bucket %s is not encrypted by default with a KMS key (%s)", [input.resource.name, describe])
}

describe := "no default encryption" if count(algorithms) == 0

describe := concat(", ", algorithms) if count(algorithms) > 0
