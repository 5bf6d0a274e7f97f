# METADATA
# title: AWS account has no security contact
# description: >-
#   No security alternate contact is registered, so AWS security notifications (abuse reports,
#   compromised credentials, incidents) reach only the root email address, which is often
#   unattended.
# custom:
#   id: aws-account-security-contact
#   severity: medium
#   resource_types: [aws.account.contacts]
#   remediation: |-
#     Console: Account (top-right menu > Account) > Alternate contacts > Edit > Security contact: name, title,
#       a monitored team email address and phone number > Update.
#       CLI: aws account put-alternate-contact --alternate-contact-type SECURITY --name "Security Team" --title
#       CISO --email-address security@example.com --phone-number "+1 555 0100"
package stance.rules.aws.account.security_contact

import rego.v1

contacts := object.get(input.resource.config, "AlternateContacts", null)

unknown contains msg if {
	not is_object(contacts)
	msg := sprintf("account %s: its alternate contacts were not reported", [input.resource.account])
}

unknown contains msg if {
	is_object(contacts)
	not "SECURITY" in object.keys(contacts)
	msg := sprintf("account %s: its security contact was not reported", [input.resource.account])
}

deny contains {"msg": msg} if {
	"SECURITY" in object.keys(contacts)
	object.get(contacts, ["SECURITY", "EmailAddress"], "") == ""
	msg := sprintf("account %s has no security contact", [input.resource.account])
}
