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

# null means "none configured" (the collector writes it for NoSuchPublicAccessBlockConfiguration);
# an absent field was not reported.
bucket_block := object.get(input.resource.config, "PublicAccessBlockConfiguration", "not reported")

account_block := object.get(input.resource.config, ["stance", "accountPublicAccessBlock"], "not reported")

# Why the account-level setting could not be read (null when it was): then it is unknown, not off.
account_error := object.get(input.resource.config, ["stance", "accountPublicAccessBlockError"], null)

enabled(block, setting) if block[setting] == true

# The setting is known to be off at this level: no block configured, or the block says false.
off(null, _)

off(block, setting) if block[setting] == false

missing contains setting if {
	some setting in settings
	off(bucket_block, setting)
	off(account_block, setting)
}

unknown contains msg if {
	some setting in settings
	not enabled(bucket_block, setting)
	not enabled(account_block, setting)
	not missing[setting]
	msg := sprintf("bucket %s: whether %s is on was not reported (bucket block %v, account block %v)", [input.resource.name, setting, describe(bucket_block, setting), describe(account_block, setting)])
}

# The bucket alone does not block everything and the account's setting is unknown: no verdict.
unknown contains msg if {
	account_error != null
	count(missing) > 0
	msg := sprintf("account-level Block Public Access (%s); bucket %s itself does not set %s", [account_error, input.resource.name, concat(", ", sort(missing))])
}

describe(null, _) := "none"

describe(block, setting) := object.get(block, setting, "not reported") if is_object(block)

describe(block, _) := block if is_string(block)

deny contains {"msg": msg, "missing": sorted} if {
	account_error == null
	count(missing) > 0
	sorted := sort(missing)
	msg := sprintf("bucket %s: Block Public Access is off for %s (neither the bucket nor the account sets it)", [input.resource.name, concat(", ", sorted)])
}
