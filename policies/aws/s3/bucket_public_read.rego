# METADATA
# title: S3 bucket allows public read access
# description: >-
#   Anyone on the internet (or any AWS account) can list the bucket or read its objects: its ACL
#   grants READ or FULL_CONTROL to AllUsers or AuthenticatedUsers while IgnorePublicAcls is off, or
#   its bucket policy lets anyone read (a statement for Principal "*" that no condition narrows to
#   known accounts, organizations or networks) while RestrictPublicBuckets is off, at both the
#   bucket and the account level.
# custom:
#   id: aws-s3-bucket-public-read
#   severity: critical
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Console: S3 > Buckets > select the bucket > Permissions > Block public access > Edit > Block
#     all public access > Save; then remove the public statements from the bucket policy and the
#     AllUsers/AuthenticatedUsers grants from the ACL (Object Ownership: Bucket owner enforced turns
#     ACLs off). Serve public content through CloudFront with origin access control instead.
#     CLI: aws s3api put-public-access-block --bucket <bucket> --public-access-block-configuration
#     BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true;
#     aws s3api put-bucket-acl --bucket <bucket> --acl private
package stance.rules.aws.s3.bucket_public_read

import data.stance.lib.s3
import rego.v1

acl_permissions := ["READ", "FULL_CONTROL"]

actions := ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:ListBucketVersions"]

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
	msg := sprintf("bucket %s can be read by anyone: %s", [input.resource.name, concat("; ", exposure.public)])
}
