# METADATA
# title: S3 bucket allows public write access
# description: >-
#   Anyone on the internet (or any AWS account) can write, overwrite or delete the bucket's objects
#   or change its permissions: its ACL grants WRITE, WRITE_ACP or FULL_CONTROL to AllUsers or
#   AuthenticatedUsers while IgnorePublicAcls is off, or its bucket policy lets anyone put, delete
#   or change access (a statement for Principal "*" that no condition narrows) while
#   RestrictPublicBuckets is off, at both the bucket and the account level.
# custom:
#   id: aws-s3-bucket-public-write
#   severity: critical
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Console: S3 > Buckets > select the bucket > Permissions > Block public access > Edit > Block
#     all public access > Save; remove the public write statements from the bucket policy and the
#     AllUsers/AuthenticatedUsers grants from the ACL; check the objects for planted content.
#     CLI: aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration
#     BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true;
#     aws s3api put-bucket-acl --bucket <bucket> --acl private
package stance.rules.aws.s3.bucket_public_write

import data.stance.lib.s3
import rego.v1

acl_permissions := ["WRITE", "WRITE_ACP", "FULL_CONTROL"]

actions := [
	"s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:PutObjectAcl",
	"s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:DeleteBucket",
	"s3:RestoreObject", "s3:AbortMultipartUpload", "s3:PutLifecycleConfiguration",
]

exposure := s3.exposure(acl_permissions, actions)

unknown contains msg if some msg in s3.unknown_access

unknown contains msg if {
	count(exposure.public) == 0
	some why in exposure.unknown
	msg := sprintf("bucket %s: %s", [input.resource.name, why])
}

deny contains {"msg": msg, "access": exposure.public} if {
	count(s3.unknown_access) == 0
	count(exposure.public) > 0
	msg := sprintf("bucket %s can be written by anyone: %s", [input.resource.name, concat("; ", exposure.public)])
}
