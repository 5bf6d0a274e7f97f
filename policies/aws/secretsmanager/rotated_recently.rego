# METADATA
# title: Secrets Manager secret not rotated in the last 90 days
# description: >-
#   The secret's value was last rotated (or, never rotated, created) 90 days ago or more, whether
#   or not automatic rotation is configured: the credential is older than the rotation period most
#   standards allow.
# custom:
#   id: aws-secretsmanager-rotated-recently
#   severity: medium
#   resource_types: [aws.secretsmanager.secret]
#   remediation: |-
#     Rotate the secret now and turn on automatic rotation every 90 days or less.
#     Console: Secrets Manager > Secrets > select the secret > Rotation > Edit rotation (schedule of
#     at most 90 days) > Save, then Rotate secret immediately.
#     CLI: aws secretsmanager rotate-secret --secret-id <secret> --rotation-lambda-arn <function-arn>
#     --rotation-rules AutomaticallyAfterDays=90 (or put-secret-value for a manual rotation)
package stance.rules.aws.secretsmanager.rotated_recently

import data.stance.lib.dates
import rego.v1

max_days := 90

config := input.resource.config

reference := {"date": config.LastRotatedDate, "what": "last rotated"} if dates.ns(config.LastRotatedDate)

reference := {"date": config.CreatedDate, "what": "created and never rotated"} if {
	not dates.ns(object.get(config, "LastRotatedDate", null))
	dates.ns(config.CreatedDate)
}

unknown contains msg if {
	not reference
	msg := sprintf("Secrets Manager secret %s: neither its last rotation nor its creation date was reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	age := dates.age_days(reference.date, input.context.now_ns)
	age >= max_days
	msg := sprintf("Secrets Manager secret %s was %s %d days ago (%s)", [input.resource.name, reference.what, age, reference.date])
}
