package stance.rules.aws.cloudtrail.trail_bucket_access_logging_test

import data.stance.lib.testing.aws as fx
import data.stance.rules.aws.cloudtrail.trail_bucket_access_logging as rule
import rego.v1

with_logging(logging) := fx.trail({"stance": {"bucketLogging": logging}})

cases := [
	{"name": "bucket logs its access", "expect": "pass", "input": with_logging({"collected": true, "bucket": "acme-trail", "enabled": true, "target": "acme-access-logs"})},
	{"name": "bucket without access logging", "expect": "fail", "input": with_logging({"collected": true, "bucket": "acme-trail", "enabled": false, "target": null})},
	{"name": "bucket in an account that was not scanned", "expect": "error", "input": with_logging({"collected": false, "bucket": "central-trail", "reason": "bucket central-trail is not in the scanned accounts"})},
	{"name": "never joined (old snapshot)", "expect": "error", "input": fx.trail({})},
]

test_message if {
	some finding in rule.deny with input as with_logging({"collected": true, "bucket": "acme-trail", "enabled": false})
	finding.msg == "bucket acme-trail, where trail org-trail delivers its logs, has no server access logging"
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
