# METADATA
# title: The S3 bucket a CloudTrail trail writes to has no server access logging
# description: >-
#   Server access logs of the trail's bucket record who read, listed or deleted the audit trail
#   itself. Without them, tampering with or exfiltration of CloudTrail logs leaves no record.
#   Decided from the bucket's logging configuration when the bucket is in a scanned account.
# custom:
#   id: aws-cloudtrail-bucket-access-logging
#   severity: low
#   resource_types: [aws.cloudtrail.trail]
#   remediation: |-
#     Console: S3 > Buckets > select the trail's bucket > Properties > Server access logging >
#     Edit > Enable, choose a separate target bucket (and prefix) > Save changes.
#     CLI: aws s3api put-bucket-logging --bucket <trail-bucket> --bucket-logging-status
#     '{"LoggingEnabled":{"TargetBucket":"<log-bucket>","TargetPrefix":"cloudtrail-access/"}}'
package stance.rules.aws.cloudtrail.trail_bucket_access_logging

import rego.v1

config := input.resource.config

logging := object.get(config, ["stance", "bucketLogging"], {"collected": false, "reason": "bucket logging was not joined"})

unknown contains msg if {
	logging.collected != true
	msg := sprintf("access logging of bucket %s cannot be verified: %s", [object.get(logging, "bucket", "(none)"), object.get(logging, "reason", "not collected")])
}

deny contains {"msg": msg} if {
	logging.collected == true
	logging.enabled != true
	msg := sprintf("bucket %s, where trail %s delivers its logs, has no server access logging", [logging.bucket, config.Name])
}
