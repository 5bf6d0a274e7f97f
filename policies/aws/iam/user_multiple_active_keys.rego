# METADATA
# title: IAM user has more than one active access key
# description: >-
#   Two active access keys double the long-lived secrets to protect and usually mean a rotation was
#   started and never finished. A user should have at most one active key outside a short
#   rotation window.
# custom:
#   id: aws-iam-user-multiple-active-keys
#   severity: medium
#   resource_types: [aws.iam.user]
#   remediation: |-
#     Console: IAM > Users > select the user > Security credentials > Access keys; find which key is
#     still in use ("Last used"), then on the other one Actions > Deactivate, and Delete once
#     nothing breaks.
#     CLI: aws iam list-access-keys --user-name <user>; aws iam get-access-key-last-used
#     --access-key-id <id>; aws iam update-access-key --user-name <user> --access-key-id <id>
#     --status Inactive; then aws iam delete-access-key --user-name <user> --access-key-id <id>.
package stance.rules.aws.iam.user_multiple_active_keys

import data.stance.lib.aws
import rego.v1

keys := object.get(input.resource.config, "AccessKeys", [])

active := sort([aws.key_label(key) | some key in keys; key.Status == "Active"])

# The access keys come from the credential report: a user without a row has keys nobody listed.
report_missing if not is_object(object.get(input.resource.config, "CredentialReport", null))

not_applicable if {
	not report_missing
	count(keys) == 0
}

unknown contains msg if {
	report_missing
	msg := sprintf("no credential report row for IAM user %s: its access keys cannot be verified", [input.resource.name])
}

deny contains {"msg": msg, "keys": active} if {
	count(active) > 1
	msg := sprintf("IAM user %s has %d active access keys (%s)", [input.resource.name, count(active), concat(", ", active)])
}
