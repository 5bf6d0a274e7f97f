# METADATA
# title: IAM password policy does not prevent reuse of the last 24 passwords
# description: >-
#   The account has no password policy, or its PasswordReusePrevention is unset or below 24, so a
#   user can cycle back to a password that has already leaked.
# custom:
#   id: aws-iam-password-reuse
#   severity: medium
#   resource_types: [aws.iam.password_policy]
#   remediation: |-
#     Console: IAM > Account settings > Password policy > Edit > Custom > "Prevent password reuse"
#     and remember 24 passwords > Save changes.
#     CLI: aws iam update-account-password-policy --password-reuse-prevention 24 plus the
#     account's other current settings (the call replaces the whole policy, e.g.
#     --minimum-password-length 14; read them with aws iam get-account-password-policy first).
package stance.rules.aws.iam.password_reuse

import rego.v1

remembered := 24

config := input.resource.config

unknown contains "whether the account has an IAM password policy was not reported" if not is_boolean(object.get(config, "exists", null))

unknown contains "the IAM password policy was not reported" if {
	config.exists == true
	not is_object(object.get(config, "PasswordPolicy", null))
}

deny contains {"msg": "the account has no IAM password policy: password reuse is not prevented"} if {
	config.exists == false
}

deny contains {"msg": "the IAM password policy does not prevent password reuse"} if {
	config.exists == true
	not config.PasswordPolicy.PasswordReusePrevention
}

deny contains {"msg": msg} if {
	config.exists == true
	reuse := config.PasswordPolicy.PasswordReusePrevention
	reuse < remembered
	msg := sprintf("the IAM password policy remembers only %d previous passwords (%d expected)", [reuse, remembered])
}
