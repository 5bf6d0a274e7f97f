# METADATA
# title: CloudFront points to an S3 bucket that does not exist
# description: >-
#   An S3 origin names a bucket that no longer exists (S3 answers HeadBucket with 404). Anyone
#   can create a bucket of that name and have the distribution serve their content under your
#   domain.
# custom:
#   id: aws-cloudfront-s3-origin-exists
#   severity: high
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     Console: CloudFront > Distributions > select the distribution > Origins > select the S3 origin > Edit
#       > Origin domain: an existing bucket you own (or delete the origin and the behaviors using it) > Save; if
#       the bucket was deleted by mistake, recreate it in your account at once.
#       CLI: aws s3api create-bucket --bucket <name> (to reclaim it), or edit Origins in the configuration from
#       aws cloudfront get-distribution-config --id <id> and run aws cloudfront update-distribution --id <id>
#       --if-match <ETag> --distribution-config file://config.json
package stance.rules.aws.cloudfront.s3_origin_exists

import rego.v1

dist := input.resource.config

id := object.get(dist, "Id", input.resource.name)

buckets := object.get(dist, ["stance", "originBuckets"], null)

not_applicable if count(buckets) == 0

unknown contains msg if {
	not is_array(buckets)
	msg := sprintf("CloudFront distribution %s: whether its S3 origin buckets exist was not collected", [id])
}

unknown contains msg if {
	some b in buckets
	not is_boolean(object.get(b, "Exists", null))
	msg := sprintf("CloudFront distribution %s: whether bucket %s of origin %s exists could not be read", [id, b.Bucket, b.OriginId])
}

deny contains {"msg": msg} if {
	some b in buckets
	b.Exists == false
	msg := sprintf("CloudFront distribution %s: origin %s points to bucket %s, which does not exist", [id, b.OriginId, b.Bucket])
}
