# METADATA
# title: AWS account contact details are incomplete
# description: >-
#   The account's contact information lacks a name, phone number or address, or it has no
#   billing or operations alternate contact, so AWS cannot reach the right people about the
#   account (CIS: maintain current contact details). Whether the details are current cannot be
#   checked automatically.
# custom:
#   id: aws-account-contact-details
#   severity: low
#   resource_types: [aws.account.contacts]
#   remediation: |-
#     Console: Account > Contact information > Edit (full name, address, phone) > Update; Alternate contacts >
#       Edit > Billing and Operations contacts > Update.
#       CLI: aws account put-contact-information --contact-information
#       'FullName=...,AddressLine1=...,City=...,PostalCode=...,CountryCode=..,PhoneNumber=...';
#       aws account put-alternate-contact --alternate-contact-type BILLING --name ... --title ... --email-address
#       ... --phone-number ... (and OPERATIONS)
package stance.rules.aws.account.contact_details

import rego.v1

config := input.resource.config

info := object.get(config, "ContactInformation", false)

contacts := object.get(config, "AlternateContacts", null)

unknown contains msg if {
	info == false
	msg := sprintf("account %s: its contact information was not reported", [input.resource.account])
}

unknown contains msg if {
	not is_object(contacts)
	msg := sprintf("account %s: its alternate contacts were not reported", [input.resource.account])
}

missing contains "contact information" if info == null

missing contains field if {
	is_object(info)
	some field in ["FullName", "PhoneNumber", "AddressLine1", "City", "CountryCode"]
	object.get(info, field, "") == ""
}

missing contains sprintf("%s alternate contact", [lower(type)]) if {
	is_object(contacts)
	some type in ["BILLING", "OPERATIONS"]
	object.get(contacts, [type, "EmailAddress"], "") == ""
}

deny contains {"msg": msg} if {
	count(missing) > 0
	msg := sprintf("account %s contact details lack: %s", [input.resource.account, concat(", ", sort(missing))])
}
