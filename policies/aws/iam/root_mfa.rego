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

unknown contains "the account summary did not report AccountMFAEnabled: root MFA cannot be verified" if {
	not is_number(object.get(input.resource.config, ["AccountSummary", "AccountMFAEnabled"], null))
}

deny contains {"msg": msg} if {
	is_number(summary.AccountMFAEnabled)
	summary.AccountMFAEnabled != 1
	msg := sprintf("the root user of account %s has no MFA device (AccountMFAEnabled is %v)", [input.resource.account, summary.AccountMFAEnabled])
}
