# METADATA
# title: S3 bucket is not covered by a complete Block Public Access configuration
# description: >-
#   All four Block Public Access settings (BlockPublicAcls, IgnorePublicAcls, BlockPublicPolicy,
#   RestrictPublicBuckets) should be on for the bucket, or for the whole account. Without them a
#   single ACL or bucket policy change can publish the bucket's objects.
# custom:
#   id: aws-s3-bucket-public-access-block
#   severity: high
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Console: S3 > Buckets > select the bucket > Permissions > Block public access (bucket
#     settings) > Edit > tick "Block all public access" > Save; or for every bucket at once:
#     S3 > Block Public Access settings for this account > Edit > Block all public access.
#     CLI: aws s3api put-public-access-block --bucket <name> --public-access-block-configuration
#     BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true
#     (account-wide: aws s3control put-public-access-block --account-id <id> with the same settings)
package stance.rules.aws.s3.bucket_public_access_block

import rego.v1

settings := ["BlockPublicAcls", "IgnorePublicAcls", "BlockPublicPolicy", "RestrictPublicBuckets"]

bucket_block := object.get(input.resource.config, "PublicAccessBlockConfiguration", null)

account_block := object.get(input.resource.config, ["stance", "accountPublicAccessBlock"], null)

enabled(block, setting) if block[setting] == true

missing contains setting if {
	some setting in settings
	not enabled(bucket_block, setting)
	not enabled(account_block, setting)
}

deny contains {"msg": msg, "missing": sorted} if {
	count(missing) > 0
	sorted := sort(missing)
	msg := sprintf("bucket %s: Block Public Access is off for %s (neither the bucket nor the account sets it)", [input.resource.name, concat(", ", sorted)])
}
