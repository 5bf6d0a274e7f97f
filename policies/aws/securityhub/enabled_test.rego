package stance.rules.aws.securityhub.enabled_test

import data.stance.lib.testing.aws as fx
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

test_message if {
	some finding in rule.deny with input as region({"Enabled": false, "Hub": null})
	finding.msg == "AWS Security Hub is not enabled in region eu-west-1"
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
