# METADATA
# title: IAM user has a credential unused for 45 days or more
# description: >-
#   The user has a console password not used (or, never used, not set) for 45 days or more, or an
#   active access key not used (or, never used, not created) for 45 days or more. Forgotten
#   credentials belong to people who left or to retired automation and are easy to abuse unnoticed.
#   Password use comes from the credential report, key use from GetAccessKeyLastUsed.
# custom:
#   id: aws-iam-user-unused-credentials
#   severity: medium
#   resource_types: [aws.iam.user]
#   remediation: |-
#     Console: IAM > Users > select the user > Security credentials; under Console sign-in choose
#     "Disable console access" (or Manage console access > Disable); under Access keys deactivate
#     (Actions > Deactivate) every key whose "Last used" is 45 days or older, and delete it once
#     nothing breaks.
#     CLI: aws iam delete-login-profile --user-name <user>;
#     aws iam update-access-key --user-name <user> --access-key-id <id> --status Inactive
#     (later aws iam delete-access-key --user-name <user> --access-key-id <id>).
package stance.rules.aws.iam.user_unused_credentials

import data.stance.lib.aws
import data.stance.lib.dates
import rego.v1

max_days := 45

config := input.resource.config

report := object.get(config, "CredentialReport", null)

password_enabled if report.password_enabled == "true"

active_keys := [key | some key in object.get(config, "AccessKeys", []); key.Status == "Active"]

not_applicable if {
	is_object(report)
	not password_enabled
	count(active_keys) == 0
}

# The first timestamp of the list: a last use, else when the credential was set up.
first_timestamp(candidates) := [c | some c in candidates; dates.ns(c)][0]

password_reference := {"date": used, "what": "last used"} if {
	used := report.password_last_used
	dates.ns(used)
}

password_reference := {"date": set, "what": "set and never used"} if {
	not dates.ns(report.password_last_used)
	set := first_timestamp([report.password_last_changed, report.user_creation_time, config.CreateDate])
}

unknown contains msg if {
	not is_object(report)
	msg := sprintf("no credential report row for IAM user %s: password and access key use cannot be verified", [input.resource.name])
}

deny contains {"msg": msg, "credential": "password"} if {
	password_enabled
	ref := password_reference
	age := dates.age_days(ref.date, input.context.now_ns)
	age >= max_days
	msg := sprintf("IAM user %s has a console password %s %d days ago (%s)", [input.resource.name, ref.what, age, ref.date])
}

key_reference(key) := {"date": key.LastUsed.LastUsedDate, "what": "last used"} if dates.ns(key.LastUsed.LastUsedDate)

key_reference(key) := {"date": key.CreateDate, "what": "created and never used"} if not dates.ns(object.get(key, ["LastUsed", "LastUsedDate"], null))

deny contains {"msg": msg, "credential": aws.key_label(key)} if {
	some key in active_keys
	ref := key_reference(key)
	age := dates.age_days(ref.date, input.context.now_ns)
	age >= max_days
	msg := sprintf("IAM user %s has an active access key %s %s %d days ago (%s)", [input.resource.name, aws.key_label(key), ref.what, age, ref.date])
}
