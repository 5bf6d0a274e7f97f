package stance.rules.aws.account.security_contact_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.account.security_contact as rule
import rego.v1

cases := [
	{"name": "registered", "expect": "pass", "input": fx.contacts({})},
	{"name": "none", "expect": "fail", "input": fx.contacts({"AlternateContacts": {"SECURITY": null}})},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.contacts({}), ["resource/config/AlternateContacts"])},
	{"name": "security entry missing", "expect": "error", "input": json.remove(fx.contacts({}), ["resource/config/AlternateContacts/SECURITY"])},
]

test_cases if harness.check_cases("aws.account.security_contact", cases)

test_message if {
	some f in rule.deny with input as fx.contacts({"AlternateContacts": {"SECURITY": null}})
	f.msg == "account 111122223333 has no security contact"
}
