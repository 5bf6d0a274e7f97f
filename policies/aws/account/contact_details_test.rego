package stance.rules.aws.account.contact_details_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.account.contact_details as rule
import rego.v1

cases := [
	{"name": "complete", "expect": "pass", "input": fx.contacts({})},
	{"name": "no operations contact", "expect": "fail", "input": fx.contacts({"AlternateContacts": {"OPERATIONS": null}})},
	{"name": "no phone", "expect": "fail", "input": json.remove(fx.contacts({}), ["resource/config/ContactInformation/PhoneNumber"])},
	{"name": "no contact information", "expect": "fail", "input": fx.contacts({"ContactInformation": null})},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.contacts({}), ["resource/config/ContactInformation"])},
]

test_cases if harness.check_cases("aws.account.contact_details", cases)

test_message if {
	some f in rule.deny with input as json.remove(fx.contacts({"AlternateContacts": {"BILLING": null}}), ["resource/config/ContactInformation/PhoneNumber"])
	f.msg == "account 111122223333 contact details lack: PhoneNumber, billing alternate contact"
}
