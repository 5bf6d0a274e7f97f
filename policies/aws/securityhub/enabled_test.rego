package stance.rules.aws.securityhub.enabled_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.securityhub.enabled as rule
import rego.v1

region(config) := fx.resource("aws.securityhub.region", "aws://111122223333/eu-west-1/security-hub", "security-hub", "eu-west-1", config)

hub := {
	"HubArn": "arn:aws:securityhub:eu-west-1:111122223333:hub/default",
	"SubscribedAt": "2024-04-01T10:00:00.000Z",
	"AutoEnableControls": true,
	"ControlFindingGenerator": "SECURITY_CONTROL",
}

cases := [
	{"name": "enabled", "expect": "pass", "input": region({"Enabled": true, "Hub": hub})},
	{"name": "not enabled", "expect": "fail", "input": region({"Enabled": false, "Hub": null})},
	{"name": "flag missing is error: not reported, never a guess", "expect": "error", "input": region({"Hub": null})},
]

test_cases if harness.check_cases("aws.securityhub.enabled", cases)

test_message if {
	some finding in rule.deny with input as region({"Enabled": false, "Hub": null})
	finding.msg == "AWS Security Hub is not enabled in region eu-west-1"
}
