# METADATA
# title: IAM user has an active access key older than 90 days
# description: >-
#   An active access key was created more than 90 days ago. Long-lived keys end up in old laptops,
#   scripts and logs; rotating them regularly limits how long a leaked key stays useful.
# custom:
#   id: aws-iam-access-key-rotation
#   severity: medium
#   resource_types: [aws.iam.user]
#   remediation: |-
#     Console: IAM > Users > select the user > Security credentials > Access keys > Create access
#     key; deploy the new key where the old one is used, then on the old key Actions > Deactivate
#     and, once nothing breaks, Delete. Better: replace the key with an IAM role or IAM Identity
#     Center short-lived credentials.
#     CLI: aws iam create-access-key --user-name <user>; after switching clients,
#     aws iam update-access-key --user-name <user> --access-key-id <old-id> --status Inactive and
#     aws iam delete-access-key --user-name <user> --access-key-id <old-id>.
package stance.rules.aws.iam.access_key_rotation

import data.stance.lib.aws
import data.stance.lib.dates
import rego.v1

max_days := 90

active_keys := [key | some key in object.get(input.resource.config, "AccessKeys", []); key.Status == "Active"]

# The access keys come from the credential report: a user without a row has keys nobody listed.
report_missing if not is_object(object.get(input.resource.config, "CredentialReport", null))

not_applicable if {
	not report_missing
	count(active_keys) == 0
}

unknown contains msg if {
	report_missing
	msg := sprintf("no credential report row for IAM user %s: its access keys cannot be verified", [input.resource.name])
}

deny contains {"msg": msg, "key": aws.key_label(key)} if {
	some key in active_keys
	age := dates.age_days(key.CreateDate, input.context.now_ns)
	age > max_days
	msg := sprintf("IAM user %s has an active access key %s created %d days ago (%s)", [input.resource.name, aws.key_label(key), age, key.CreateDate])
}

unknown contains msg if {
	some key in active_keys
	not dates.ns(object.get(key, "CreateDate", null))
	msg := sprintf("IAM user %s has an active access key %s with no readable creation date: its age cannot be verified", [input.resource.name, aws.key_label(key)])
}
