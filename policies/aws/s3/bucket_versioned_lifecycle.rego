# METADATA
# title: Versioned S3 bucket has no lifecycle rule
# description: >-
#   Versioning keeps every overwritten and deleted object as a noncurrent version; without an
#   enabled lifecycle rule those versions pile up forever, with their cost and their data. Buckets
#   without versioning do not apply.
# custom:
#   id: aws-s3-bucket-versioned-lifecycle
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Console: S3 > Buckets > select the bucket > Management > Create lifecycle rule: apply to all
#     objects, "Permanently delete noncurrent versions of objects" after N days (and expire delete
#     markers, abort incomplete multipart uploads) > Create rule.
#     CLI: aws s3api put-bucket-lifecycle-configuration --bucket <bucket> --lifecycle-configuration
#     '{"Rules":[{"ID":"noncurrent","Status":"Enabled","Filter":{},"NoncurrentVersionExpiration":{"NoncurrentDays":90}}]}'
package stance.rules.aws.s3.bucket_versioned_lifecycle

import data.stance.lib.aws
import rego.v1

config := input.resource.config

not_applicable if object.get(config, ["Versioning", "Status"], null) != "Enabled"

enabled_rules := [r | some r in object.get(config, ["LifecycleConfiguration", "Rules"], []); r.Status == "Enabled"]

unknown contains msg if {
	not aws.present_or_null(config, "LifecycleConfiguration")
	msg := sprintf("bucket %s: its lifecycle configuration was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	aws.present_or_null(config, "LifecycleConfiguration")
	count(enabled_rules) == 0
	msg := sprintf("bucket %s is versioned but has no enabled lifecycle rule", [input.resource.name])
}
