# METADATA
# title: Root user has an access key
# description: >-
#   The root user has an active access key. Root keys carry unrestricted access to every resource
#   and to billing, cannot be limited by IAM policies, and are a long-lived secret that leaks from
#   laptops, CI logs and repositories. Decided from the root row of the credential report and the
#   account summary's AccountAccessKeysPresent.
# custom:
#   id: aws-iam-root-access-key
#   severity: critical
#   resource_types: [aws.iam.account]
#   remediation: |-
#     Console: sign in as the root user > account name (top right) > Security credentials > Access
#     keys; for each key, make sure nothing still uses it (check "Last used"), then Actions >
#     Deactivate and Delete. Give workloads an IAM role or an IAM user's key instead.
#     CLI (only with the root user's own credentials): aws iam list-access-keys, then
#     aws iam update-access-key --access-key-id <id> --status Inactive and
#     aws iam delete-access-key --access-key-id <id>.
#     Verify: aws iam get-account-summary --query SummaryMap.AccountAccessKeysPresent returns 0.
package stance.rules.aws.iam.root_access_key

import rego.v1

root := object.get(input.resource.config, "Root", null)

summary := object.get(input.resource.config, "AccountSummary", null)

active_keys contains n if {
	some n in ["1", "2"]
	root[sprintf("access_key_%s_active", [n])] == "true"
}

deny contains {"msg": msg} if {
	count(active_keys) > 0
	msg := sprintf("the root user has an active access key (credential report: key %s)", [concat(" and ", sort(active_keys))])
}

deny contains {"msg": "the root user has an access key (account summary: AccountAccessKeysPresent is 1)"} if {
	count(active_keys) == 0
	summary.AccountAccessKeysPresent == 1
}

unknown contains "neither the credential report nor the account summary reported root access keys" if {
	not is_object(root)
	not is_number(object.get(input.resource.config, ["AccountSummary", "AccountAccessKeysPresent"], null))
}
