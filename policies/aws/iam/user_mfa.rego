# METADATA
# title: IAM user has no MFA device
# description: >-
#   The user has no active MFA device, whatever credentials it has: a stolen password signs in,
#   and the user cannot be held to MFA-conditioned policies (aws:MultiFactorAuthPresent) for API
#   calls. Decided from the credential report's mfa_active.
# custom:
#   id: aws-iam-user-mfa
#   severity: medium
#   resource_types: [aws.iam.user]
#   remediation: |-
#     Console: IAM > Users > select the user > Security credentials > Multi-factor authentication
#     (MFA) > Assign MFA device (passkey or security key, authenticator app, or hardware TOTP token).
#     CLI: aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile qr.png
#     --bootstrap-method QRCodePNG; aws iam enable-mfa-device --user-name <user> --serial-number
#     <arn> --authentication-code1 <code> --authentication-code2 <next-code>. Users that exist only
#     for automation: replace them with IAM roles.
package stance.rules.aws.iam.user_mfa

import rego.v1

report := object.get(input.resource.config, "CredentialReport", null)

mfa_active := object.get(report, "mfa_active", null) if is_object(report)

unknown contains msg if {
	not is_object(report)
	msg := sprintf("no credential report row for IAM user %s: MFA cannot be verified", [input.resource.name])
}

unknown contains msg if {
	is_object(report)
	not is_string(mfa_active)
	msg := sprintf("the credential report row of IAM user %s has no mfa_active", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_string(mfa_active)
	mfa_active != "true"
	msg := sprintf("IAM user %s has no active MFA device", [input.resource.name])
}
