# METADATA
# title: IAM password policy does not require complex passwords
# description: >-
#   The account's password policy does not require all of upper-case letters, lower-case letters,
#   numbers and symbols with at least 8 characters (or there is no policy), so console passwords
#   such as "password1" are accepted and easily guessed.
# custom:
#   id: aws-iam-password-policy-complexity
#   severity: medium
#   resource_types: [aws.iam.password_policy]
#   remediation: |-
#     Console: IAM > Account settings > Password policy > Edit > Custom: minimum length 14, require
#     at least one upper-case letter, one lower-case letter, one number and one non-alphanumeric
#     character > Save changes.
#     CLI: aws iam update-account-password-policy --minimum-password-length 14
#     --require-uppercase-characters --require-lowercase-characters --require-numbers
#     --require-symbols (repeat the settings you keep: the call replaces the whole policy)
package stance.rules.aws.iam.password_policy_complexity

import rego.v1

config := input.resource.config

policy := object.get(config, "PasswordPolicy", {})

required := ["RequireUppercaseCharacters", "RequireLowercaseCharacters", "RequireNumbers", "RequireSymbols"]

minimum := 8

unknown contains "whether the account has an IAM password policy was not reported" if not is_boolean(object.get(config, "exists", null))

unknown contains msg if {
	config.exists == true
	some field in array.concat(required, ["MinimumPasswordLength"])
	object.get(policy, field, null) == null
	msg := sprintf("the IAM password policy's %s was not reported", [field])
}

deny contains {"msg": "the account has no IAM password policy, so no password complexity is required"} if config.exists == false

weak contains sprintf("%s is off", [field]) if {
	config.exists == true
	some field in required
	policy[field] == false
}

weak contains sprintf("minimum length %d (at least %d)", [policy.MinimumPasswordLength, minimum]) if {
	config.exists == true
	policy.MinimumPasswordLength < minimum
}

deny contains {"msg": msg} if {
	count(weak) > 0
	msg := sprintf("the IAM password policy is weak: %s", [concat("; ", sort(weak))])
}
