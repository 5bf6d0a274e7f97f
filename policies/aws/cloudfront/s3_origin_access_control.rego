# METADATA
# title: CloudFront reaches an S3 origin without origin access control
# description: >-
#   An S3 origin has no origin access control (OAC), so either the bucket must be readable by
#   anyone for CloudFront to serve it, or it relies on a legacy origin access identity (OAI),
#   which supports neither SSE-KMS nor requests other than GET.
# custom:
#   id: aws-cloudfront-s3-origin-access-control
#   severity: medium
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     Console: CloudFront > Distributions > select the distribution > Origins > select the S3 origin > Edit >
#       Origin access "Origin access control settings (recommended)" > Create control setting > Save; then copy the
#       suggested bucket policy into the bucket (S3 > bucket > Permissions > Bucket policy) and remove public access.
#       CLI: aws cloudfront create-origin-access-control --origin-access-control-config
#       Name=<name>,SigningProtocol=sigv4,SigningBehavior=always,OriginAccessControlOriginType=s3; set the
#       origin's OriginAccessControlId to its Id and S3OriginConfig.OriginAccessIdentity to "", then aws
#       cloudfront update-distribution --id <id> --if-match <ETag> --distribution-config file://config.json
package stance.rules.aws.cloudfront.s3_origin_access_control

import rego.v1

dist := input.resource.config

id := object.get(dist, "Id", input.resource.name)

config := object.get(dist, "DistributionConfig", null)

unknown contains msg if {
	not is_object(config)
	msg := sprintf("CloudFront distribution %s: its configuration was not reported", [id])
}

origins := object.get(config, ["Origins", "Items"], [])

custom_origins := [o | some o in origins; o.CustomOriginConfig]

s3_origins := [o | some o in origins; o.S3OriginConfig]

not_applicable if {
	is_object(config)
	count(s3_origins) == 0
}

deny contains {"msg": msg} if {
	some origin in s3_origins
	object.get(origin, "OriginAccessControlId", "") == ""
	identity := object.get(origin.S3OriginConfig, "OriginAccessIdentity", "")
	how := {true: sprintf("only the legacy origin access identity %s", [identity]), false: "no origin access control or identity"}[identity != ""]
	msg := sprintf("CloudFront distribution %s: S3 origin %s has %s", [id, origin.Id, how])
}
