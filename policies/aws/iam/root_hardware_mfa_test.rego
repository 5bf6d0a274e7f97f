package stance.rules.aws.iam.root_hardware_mfa_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
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

test_cases if harness.check_cases("aws.iam.root_hardware_mfa", cases)

test_message_names_device if {
	some finding in rule.deny with input as fx.iam_account({}, {}, {"VirtualMFADevices": [virtual]})
	finding.msg == "the root user uses a virtual MFA device (arn:aws:iam::111122223333:mfa/root-account-mfa-device) instead of a hardware one"
}
