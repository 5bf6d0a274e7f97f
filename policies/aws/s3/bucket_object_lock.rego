# METADATA
# title: S3 bucket does not have Object Lock enabled
# description: >-
#   Object Lock is off, so no retention period or legal hold can keep objects from being deleted
#   or overwritten (write-once-read-many), not even by an administrator or an attacker with full
#   access. It can be turned on for existing versioned buckets.
# custom:
#   id: aws-s3-bucket-object-lock
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Console: S3 > Buckets > select the bucket > Properties > Object Lock > Edit > Enable (needs
#     versioning), choose a default retention mode (Governance or Compliance) and period > Save.
#     CLI: aws s3api put-object-lock-configuration --bucket <bucket> --object-lock-configuration
#     '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"GOVERNANCE","Days":30}}}'
package stance.rules.aws.s3.bucket_object_lock

import data.stance.lib.aws
import rego.v1

config := input.resource.config

unknown contains msg if {
	not aws.present_or_null(config, "ObjectLockConfiguration")
	msg := sprintf("bucket %s: its Object Lock configuration was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	aws.present_or_null(config, "ObjectLockConfiguration")
	not config.ObjectLockConfiguration.ObjectLockEnabled == "Enabled"
	msg := sprintf("bucket %s does not have Object Lock enabled", [input.resource.name])
}
