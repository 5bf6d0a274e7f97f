package stance.rules.aws.iam.root_hardware_mfa_test

import data.stance.lib.testing.aws as fx
import data.stance.rules.aws.iam.root_hardware_mfa as rule
import rego.v1

virtual := {"SerialNumber": "arn:aws:iam::111122223333:mfa/root-account-mfa-device", "EnableDate": "2022-01-12T10:00:00Z"}

cases := [
	{"name": "MFA on, no virtual device (hardware)", "expect": "pass", "input": fx.iam_account({}, {}, {})},
	{"name": "MFA on through a virtual device", "expect": "fail", "input": fx.iam_account({}, {}, {"VirtualMFADevices": [virtual]})},
	{"name": "no MFA at all", "expect": "fail", "input": fx.iam_account({"mfa_active": "false"}, {"AccountMFAEnabled": 0}, {})},
	{"name": "summary missing is error: not reported, never a guess", "expect": "error", "input": fx.iam_account({}, {}, {"AccountSummary": null})},
	{"name": "virtual devices not reported: error, never hardware", "expect": "error", "input": json.remove(fx.iam_account({}, {}, {}), ["resource/config/VirtualMFADevices"])},
]

test_message_names_device if {
	some finding in rule.deny with input as fx.iam_account({}, {}, {"VirtualMFADevices": [virtual]})
	finding.msg == "the root user uses a virtual MFA device (arn:aws:iam::111122223333:mfa/root-account-mfa-device) instead of a hardware one"
}

default verdict(_) := "undefined"

unknown(case_input) if count(rule.unknown) > 0 with input as case_input

verdict(case_input) := "not_applicable" if rule.not_applicable with input as case_input

verdict(case_input) := "error" if {
	not rule.not_applicable with input as case_input
	unknown(case_input)
}

verdict(case_input) := "fail" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) > 0 with input as case_input
}

verdict(case_input) := "pass" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) == 0 with input as case_input
}

failures := [c.name | some c in cases; verdict(c.input) != c.expect]

test_cases if failures == []
