# METADATA
# title: S3 bucket is not replicated
# description: >-
#   The bucket has no enabled replication rule, so its data exists in one bucket of one Region: a
#   regional outage, an accidental bucket deletion or a compromised account loses it. Stance sees
#   that replication is on, not where its destination is (another Region, as cross-Region
#   replication asks, or the same one).
# custom:
#   id: aws-s3-bucket-replication
#   severity: low
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Console: S3 > Buckets > select the bucket > Management > Replication rules > Create
#     replication rule: a destination bucket in another Region (ideally another account), an IAM
#     role for replication > Save (versioning must be on at both ends).
#     CLI: aws s3api put-bucket-replication --bucket <bucket> --replication-configuration
#     '{"Role":"<role-arn>","Rules":[{"ID":"dr","Status":"Enabled","Priority":1,"Filter":{},"DeleteMarkerReplication":{"Status":"Disabled"},"Destination":{"Bucket":"arn:aws:s3:::<destination>"}}]}'
package stance.rules.aws.s3.bucket_replication

import data.stance.lib.aws
import rego.v1

config := input.resource.config

enabled_rules := [r | some r in object.get(config, ["ReplicationConfiguration", "Rules"], []); r.Status == "Enabled"]

unknown contains msg if {
	not aws.present_or_null(config, "ReplicationConfiguration")
	msg := sprintf("bucket %s: its replication configuration was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	aws.present_or_null(config, "ReplicationConfiguration")
	count(enabled_rules) == 0
	msg := sprintf("bucket %s has no enabled replication rule", [input.resource.name])
}
