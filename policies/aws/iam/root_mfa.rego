# METADATA
# title: Root user has no MFA
# description: >-
#   The account summary reports AccountMFAEnabled 0: anyone with the root user's password (and the
#   email account that can reset it) controls the whole account, billing and closure included.
# custom:
#   id: aws-iam-root-mfa
#   severity: critical
#   resource_types: [aws.iam.account]
#   remediation: |-
#     Console: sign in as the root user > account name (top right) > Security credentials >
#     Multi-factor authentication (MFA) > Assign MFA device; prefer a passkey or hardware security
#     key, and register a second device kept somewhere safe. Root MFA can only be assigned while
#     signed in as root.
#     CLI (verify): aws iam get-account-summary --query SummaryMap.AccountMFAEnabled must return 1.
package stance.rules.aws.iam.root_mfa

import rego.v1

summary := object.get(input.resource.config, "AccountSummary", null)

deny contains {"msg": "the account summary was not collected: root MFA cannot be verified"} if summary == null

deny contains {"msg": msg} if {
	summary != null
	object.get(summary, "AccountMFAEnabled", 0) != 1
	msg := sprintf("the root user of account %s has no MFA device (AccountMFAEnabled is %v)", [input.resource.account, object.get(summary, "AccountMFAEnabled", "absent")])
}
