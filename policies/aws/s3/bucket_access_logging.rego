# METADATA
# title: S3 bucket has no server access logging
# description: >-
#   Server access logging is off: requests to the bucket (who read, wrote or deleted which object,
#   from where) are not recorded, so misuse and data theft cannot be investigated.
# custom:
#   id: aws-s3-bucket-access-logging
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Console: S3 > Buckets > select the bucket > Properties > Server access logging > Edit > Enable,
#     choose a separate target bucket (and prefix) > Save changes.
#     CLI: aws s3api put-bucket-logging --bucket <bucket> --bucket-logging-status
#     '{"LoggingEnabled":{"TargetBucket":"<log-bucket>","TargetPrefix":"<bucket>/"}}'
package stance.rules.aws.s3.bucket_access_logging

import data.stance.lib.aws
import rego.v1

unknown contains msg if {
	not aws.present_or_null(input.resource.config, "Logging")
	msg := sprintf("bucket %s: its logging configuration was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	aws.present_or_null(input.resource.config, "Logging")
	not input.resource.config.Logging.TargetBucket
	msg := sprintf("bucket %s has no server access logging", [input.resource.name])
}
