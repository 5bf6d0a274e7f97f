# METADATA
# title: IAM password policy allows passwords shorter than 14 characters
# description: >-
#   The account has no password policy, or its MinimumPasswordLength is below 14. Short IAM user
#   passwords fall to guessing and credential stuffing far more easily.
# custom:
#   id: aws-iam-password-min-length
#   severity: medium
#   resource_types: [aws.iam.password_policy]
#   remediation: |-
#     Console: IAM > Account settings > Password policy > Edit > Custom > "Enforce minimum password
#     length" = 14 or more > Save changes.
#     CLI: aws iam update-account-password-policy --minimum-password-length 14 plus the account's
#     other current settings (the call replaces the whole policy, so repeat e.g.
#     --password-reuse-prevention 24 --require-symbols ...; read them with
#     aws iam get-account-password-policy first).
package stance.rules.aws.iam.password_min_length

import rego.v1

minimum := 14

config := input.resource.config

unknown contains "whether the account has an IAM password policy was not reported" if not is_boolean(object.get(config, "exists", null))

unknown contains "the IAM password policy's MinimumPasswordLength was not reported" if {
	config.exists == true
	not is_number(object.get(config, ["PasswordPolicy", "MinimumPasswordLength"], null))
}

deny contains {"msg": "the account has no IAM password policy: the AWS default allows 8-character passwords"} if {
	config.exists == false
}

deny contains {"msg": msg} if {
	config.exists == true
	length := config.PasswordPolicy.MinimumPasswordLength
	length < minimum
	msg := sprintf("the IAM password policy requires only %d characters (at least %d expected)", [length, minimum])
}
