package stance.rules.aws.accessanalyzer.enabled_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.accessanalyzer.enabled as rule
import rego.v1

analyzer(name, type, status) := {
	"arn": sprintf("arn:aws:access-analyzer:eu-west-1:111122223333:analyzer/%s", [name]),
	"name": name,
	"type": type,
	"status": status,
	"createdAt": "2024-05-01T10:00:00Z",
}

region(analyzers) := fx.resource("aws.accessanalyzer.region", "aws://111122223333/eu-west-1/access-analyzer", "access-analyzer", "eu-west-1", {"Analyzers": analyzers})

cases := [
	{"name": "account analyzer active", "expect": "pass", "input": region([analyzer("external-access", "ACCOUNT", "ACTIVE")])},
	{"name": "organization analyzer active", "expect": "pass", "input": region([analyzer("org-access", "ORGANIZATION", "ACTIVE")])},
	{"name": "unused-access analyzer disabled, external one active", "expect": "pass", "input": region([analyzer("unused", "ACCOUNT_UNUSED_ACCESS", "DISABLED"), analyzer("external-access", "ACCOUNT", "ACTIVE")])},
	{"name": "no analyzers", "expect": "fail", "input": region([])},
	{"name": "only an unused-access analyzer is active", "expect": "fail", "input": region([analyzer("unused", "ACCOUNT_UNUSED_ACCESS", "ACTIVE")])},
	{"name": "analyzer still creating", "expect": "fail", "input": region([analyzer("external-access", "ACCOUNT", "CREATING")])},
	{"name": "analyzer failed", "expect": "fail", "input": region([analyzer("external-access", "ACCOUNT", "FAILED")])},
	{"name": "analyzers not reported: error, never a guess", "expect": "error", "input": fx.resource("aws.accessanalyzer.region", "aws://111122223333/eu-west-1/access-analyzer", "access-analyzer", "eu-west-1", {})},
]

test_cases if harness.check_cases("aws.accessanalyzer.enabled", cases)

test_message_names_states if {
	some finding in rule.deny with input as region([analyzer("external-access", "ACCOUNT", "FAILED")])
	finding.msg == "region eu-west-1 has no active IAM Access Analyzer external access analyzer (external-access (ACCOUNT) is FAILED)"
}
