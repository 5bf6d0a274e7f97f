# METADATA
# title: Root user is not protected by a hardware MFA device
# description: >-
#   The root user should use a hardware MFA device (security key or hardware TOTP token) rather than
#   an authenticator app on a phone that is also used for everyday work. Fails when the root user
#   has no MFA at all or when a virtual MFA device is registered for it.
# custom:
#   id: aws-iam-root-hardware-mfa
#   severity: medium
#   resource_types: [aws.iam.account]
#   remediation: |-
#     Console: sign in as the root user > account name > Security credentials > Multi-factor
#     authentication (MFA) > Assign MFA device > Passkey or security key (or Hardware TOTP token),
#     then remove the virtual (authenticator app) device from the same list.
#     CLI (find the virtual device): aws iam list-virtual-mfa-devices --assignment-status Assigned
#     --query "VirtualMFADevices[?User.Arn=='arn:aws:iam::<account>:root'].SerialNumber"; after the
#     hardware device is registered, remove it with the root user's credentials:
#     aws iam deactivate-mfa-device --serial-number <serial> (then delete-virtual-mfa-device).
package stance.rules.aws.iam.root_hardware_mfa

import rego.v1

summary := object.get(input.resource.config, "AccountSummary", null)

virtual_devices := object.get(input.resource.config, "VirtualMFADevices", null)

unknown contains "the account summary did not report AccountMFAEnabled: root MFA cannot be verified" if {
	not is_number(object.get(input.resource.config, ["AccountSummary", "AccountMFAEnabled"], null))
}

unknown contains "the virtual MFA devices of the root user were not reported" if {
	summary.AccountMFAEnabled == 1
	not is_array(virtual_devices)
}

deny contains {"msg": "the root user has no MFA device at all"} if {
	is_number(summary.AccountMFAEnabled)
	summary.AccountMFAEnabled != 1
}

deny contains {"msg": msg} if {
	some device in virtual_devices
	msg := sprintf("the root user uses a virtual MFA device (%v) instead of a hardware one", [object.get(device, "SerialNumber", "serial number not reported")])
}
