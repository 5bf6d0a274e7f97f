# METADATA
# title: CloudFront distribution does not write standard access logs
# description: >-
#   Standard (legacy) logging to S3 is off, so the viewer requests the distribution served are
#   not kept for investigation. Logs delivered only through CloudWatch Logs vended delivery are
#   not visible in the distribution configuration and are not counted.
# custom:
#   id: aws-cloudfront-logging
#   severity: medium
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     Console: CloudFront > Distributions > select the distribution > Logging (or General > Settings > Edit >
#       Standard logging "On") > choose an S3 bucket with ACLs enabled > Save changes.
#       CLI: set DistributionConfig.Logging to {"Enabled": true, "IncludeCookies": false, "Bucket":
#       "<bucket>.s3.amazonaws.com", "Prefix": "cf/"} and run aws cloudfront update-distribution --id <id>
#       --if-match <ETag> --distribution-config file://config.json
package stance.rules.aws.cloudfront.logging

import rego.v1

dist := input.resource.config

id := object.get(dist, "Id", input.resource.name)

config := object.get(dist, "DistributionConfig", null)

unknown contains msg if {
	not is_object(config)
	msg := sprintf("CloudFront distribution %s: its configuration was not reported", [id])
}

unknown contains msg if {
	is_object(config)
	not is_boolean(object.get(config, ["Logging", "Enabled"], null))
	msg := sprintf("CloudFront distribution %s: Logging.Enabled was not reported", [id])
}

deny contains {"msg": msg} if {
	config.Logging.Enabled == false
	msg := sprintf("CloudFront distribution %s does not write access logs", [id])
}
