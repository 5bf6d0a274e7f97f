# METADATA
# title: CloudTrail trail logs are not encrypted with a KMS key
# description: >-
#   The trail has no KmsKeyId, so its log files get only S3-managed encryption; with SSE-KMS, reading
#   them also needs kms:Decrypt on a customer managed key, a second, separately audited permission.
# custom:
#   id: aws-cloudtrail-kms-encryption
#   severity: medium
#   resource_types: [aws.cloudtrail.trail]
#   remediation: |-
#     Console: CloudTrail > Trails > select the trail > General details > Edit > "Log file SSE-KMS
#     encryption: Enabled" > new or existing customer managed KMS key (its key policy must let
#     cloudtrail.amazonaws.com use it) > Save changes.
#     CLI: aws cloudtrail update-trail --name <trail> --kms-key-id <key-arn-or-alias>
package stance.rules.aws.cloudtrail.trail_kms_encryption

import rego.v1

config := input.resource.config

encrypted if {
	is_string(config.KmsKeyId)
	config.KmsKeyId != ""
}

deny contains {"msg": msg} if {
	not encrypted
	msg := sprintf("CloudTrail trail %s does not encrypt its logs with a KMS key", [config.Name])
}
