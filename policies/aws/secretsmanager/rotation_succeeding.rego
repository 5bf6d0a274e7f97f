# METADATA
# title: Secrets Manager secret with rotation turned on is not rotating
# description: >-
#   Rotation is turned on, but the secret is more than a day past its rotation date: the next
#   rotation date Secrets Manager reports, or else its last rotation (its creation, if never
#   rotated) plus the rotation interval. A rotation function that fails leaves the old credential
#   in use while the schedule says it changed. Secrets without rotation do not apply.
# custom:
#   id: aws-secretsmanager-rotation-succeeding
#   severity: medium
#   resource_types: [aws.secretsmanager.secret]
#   remediation: |-
#     Find why rotation fails: CloudWatch Logs of the rotation function (/aws/lambda/<function>) and
#     CloudTrail RotationFailed events; fix the function's permissions, network access to the
#     database or its secret's format, then rotate now.
#     Console: Secrets Manager > Secrets > select the secret > Rotation > Rotate secret immediately.
#     CLI: aws secretsmanager rotate-secret --secret-id <secret>
package stance.rules.aws.secretsmanager.rotation_succeeding

import data.stance.lib.dates
import rego.v1

config := input.resource.config

grace_days := 1

not_applicable if object.get(config, "RotationEnabled", false) != true

# The start of the current rotation interval: the last rotation, else the creation.
interval_start := config.LastRotatedDate if dates.ns(config.LastRotatedDate)

interval_start := config.CreatedDate if {
	not dates.ns(object.get(config, "LastRotatedDate", null))
	dates.ns(config.CreatedDate)
}

due := {"ns": dates.ns(config.NextRotationDate), "date": config.NextRotationDate} if dates.ns(config.NextRotationDate)

due := {"ns": ns, "date": sprintf("%d days after %s", [days, interval_start])} if {
	not dates.ns(object.get(config, "NextRotationDate", null))
	days := config.RotationRules.AutomaticallyAfterDays
	is_number(days)
	ns := dates.ns(interval_start) + (days * dates.ns_per_day)
}

unknown contains msg if {
	not not_applicable
	not due
	msg := sprintf("Secrets Manager secret %s: rotation is on but neither its next rotation date nor its interval and last rotation were reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	not not_applicable
	input.context.now_ns > due.ns + (grace_days * dates.ns_per_day)
	msg := sprintf("Secrets Manager secret %s was due to rotate on %s and has not (last rotated %v)", [input.resource.name, due.date, object.get(config, "LastRotatedDate", "never")])
}
