# METADATA
# title: S3 bucket has no lifecycle rule
# description: >-
#   No enabled lifecycle rule moves or expires the bucket's objects: data is kept forever, whatever
#   its retention period, and stale copies of sensitive data stay reachable.
# custom:
#   id: aws-s3-bucket-lifecycle
#   severity: low
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Console: S3 > Buckets > select the bucket > Management > Create lifecycle rule: scope, and the
#     transitions or expirations your retention policy asks for > Create rule.
#     CLI: aws s3api put-bucket-lifecycle-configuration --bucket <bucket> --lifecycle-configuration
#     '{"Rules":[{"ID":"retention","Status":"Enabled","Filter":{},"Expiration":{"Days":365}}]}'
package stance.rules.aws.s3.bucket_lifecycle

import data.stance.lib.aws
import rego.v1

config := input.resource.config

enabled_rules := [r | some r in object.get(config, ["LifecycleConfiguration", "Rules"], []); r.Status == "Enabled"]

unknown contains msg if {
	not aws.present_or_null(config, "LifecycleConfiguration")
	msg := sprintf("bucket %s: its lifecycle configuration was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	aws.present_or_null(config, "LifecycleConfiguration")
	count(enabled_rules) == 0
	msg := sprintf("bucket %s has no enabled lifecycle rule", [input.resource.name])
}
