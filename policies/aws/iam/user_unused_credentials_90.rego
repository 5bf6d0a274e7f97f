# METADATA
# title: IAM user has a credential unused for 90 days or more
# description: >-
#   The user has a console password, or an active access key, not used (or, never used, not set up)
#   for 90 days or more. Credentials nobody uses belong to people who left or to retired
#   automation and are abused unnoticed. The same test as the 45-day rule
#   (aws-iam-user-unused-credentials), with the 90 days of AWS Foundational Security Best Practices IAM.8.
# custom:
#   id: aws-iam-user-unused-credentials-90
#   severity: medium
#   resource_types: [aws.iam.user]
#   remediation: |-
#     Console: IAM > Users > select the user > Security credentials: Console sign-in > Disable
#     console access; Access keys > Actions > Deactivate for each key unused for 90 days (delete it
#     once nothing breaks).
#     CLI: aws iam delete-login-profile --user-name <user>; aws iam update-access-key --user-name
#     <user> --access-key-id <id> --status Inactive (later aws iam delete-access-key)
package stance.rules.aws.iam.user_unused_credentials_90

import data.stance.lib.aws
import data.stance.lib.dates
import data.stance.rules.aws.iam.user_unused_credentials as base
import rego.v1

max_days := 90

not_applicable if base.not_applicable

unknown contains msg if some msg in base.unknown

deny contains {"msg": msg, "credential": "password"} if {
	base.password_enabled
	ref := base.password_reference
	age := dates.age_days(ref.date, input.context.now_ns)
	age >= max_days
	msg := sprintf("IAM user %s has a console password %s %d days ago (%s)", [input.resource.name, ref.what, age, ref.date])
}

deny contains {"msg": msg, "credential": aws.key_label(key)} if {
	some key in base.active_keys
	ref := base.key_reference(key)
	age := dates.age_days(ref.date, input.context.now_ns)
	age >= max_days
	msg := sprintf("IAM user %s has an active access key %s %s %d days ago (%s)", [input.resource.name, aws.key_label(key), ref.what, age, ref.date])
}
