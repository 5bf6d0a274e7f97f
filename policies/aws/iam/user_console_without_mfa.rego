# METADATA
# title: IAM user can sign in to the console without MFA
# description: >-
#   The user has a console password but no active MFA device, so a phished or reused password
#   alone gives access to the AWS console. Decided from the IAM credential report.
# custom:
#   id: aws-iam-user-console-without-mfa
#   severity: high
#   resource_types: [aws.iam.user]
#   remediation: |-
#     Console: IAM > Users > select the user > Security credentials > Multi-factor authentication
#     (MFA) > Assign MFA device, and have the user register a passkey, security key or
#     authenticator app. If the user does not need the console, remove the password instead
#     (Security credentials > Console sign-in > Disable).
#     CLI: aws iam create-virtual-mfa-device --virtual-mfa-device-name <user> --outfile qr.png
#     --bootstrap-method QRCodePNG, then aws iam enable-mfa-device --user-name <user>
#     --serial-number <arn> --authentication-code1 <code> --authentication-code2 <code>;
#     or remove the password: aws iam delete-login-profile --user-name <user>
package stance.rules.aws.iam.user_console_without_mfa

import rego.v1

report := object.get(input.resource.config, "CredentialReport", null)

not_applicable if report.password_enabled != "true"

# A user created after the credential report was generated has no row yet (the collector writes null).
unknown contains msg if {
	not is_object(report)
	msg := sprintf("no credential report row for IAM user %s: MFA cannot be verified", [input.resource.name])
}

unknown contains msg if {
	report.password_enabled == "true"
	not is_string(object.get(report, "mfa_active", null))
	msg := sprintf("the credential report row of IAM user %s has no mfa_active", [input.resource.name])
}

deny contains {"msg": msg} if {
	report.password_enabled == "true"
	is_string(report.mfa_active)
	report.mfa_active != "true"
	msg := sprintf("IAM user %s has a console password and no active MFA device", [input.resource.name])
}
