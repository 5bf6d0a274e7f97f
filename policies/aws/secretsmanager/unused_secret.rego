# METADATA
# title: Secrets Manager secret not used for 90 days
# description: >-
#   Nothing has retrieved the secret's value for 90 days or more (never, for a secret created that
#   long ago). An unused secret is a credential nobody watches: delete it, or find out who still
#   holds a copy. Secrets Manager records the last access to the day.
# custom:
#   id: aws-secretsmanager-unused-secret
#   severity: medium
#   resource_types: [aws.secretsmanager.secret]
#   remediation: |-
#     Check CloudTrail for GetSecretValue on the secret, confirm it is no longer needed, and delete
#     it with a recovery window.
#     Console: Secrets Manager > Secrets > select the secret > Actions > Delete secret > waiting
#     period 7-30 days > Schedule deletion.
#     CLI: aws secretsmanager delete-secret --secret-id <secret> --recovery-window-in-days 30
package stance.rules.aws.secretsmanager.unused_secret

import data.stance.lib.dates
import rego.v1

max_days := 90

config := input.resource.config

reference := {"date": config.LastAccessedDate, "what": "last accessed"} if dates.ns(config.LastAccessedDate)

reference := {"date": config.CreatedDate, "what": "created and never accessed"} if {
	not dates.ns(object.get(config, "LastAccessedDate", null))
	dates.ns(config.CreatedDate)
}

unknown contains msg if {
	not reference
	msg := sprintf("Secrets Manager secret %s: neither its last access nor its creation date was reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	age := dates.age_days(reference.date, input.context.now_ns)
	age >= max_days
	msg := sprintf("Secrets Manager secret %s was %s %d days ago (%s)", [input.resource.name, reference.what, age, reference.date])
}
