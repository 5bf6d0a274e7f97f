package stance.rules.aws.s3.bucket_object_write_logging_test

import data.stance.lib.testing.aws as fx
import data.stance.rules.aws.s3.bucket_object_write_logging as rule
import rego.v1

trail := "arn:aws:cloudtrail:eu-west-1:111122223333:trail/org-trail"

events(read, write) := fx.s3_bucket({"stance": {"dataEvents": {"collected": true, "read": read, "write": write}}})

cases := [
	{"name": "write events logged by a trail", "expect": "pass", "input": events([trail], [trail])},
	{"name": "only write events logged", "expect": "pass", "input": events([], [trail])},
	{"name": "no data events at all", "expect": "fail", "input": events([], [])},
	{"name": "only the other direction logged", "expect": "fail", "input": events([trail], [])},
	{"name": "CloudTrail not collected", "expect": "error", "input": fx.s3_bucket({"stance": {"dataEvents": {"collected": false}}})},
	{"name": "enrichment missing altogether", "expect": "error", "input": json.remove(fx.s3_bucket({}), ["resource/config/stance/dataEvents"])},
]

test_unknown_message if {
	some msg in rule.unknown with input as fx.s3_bucket({"stance": {"dataEvents": {"collected": false}}})
	msg == "CloudTrail data-event coverage of bucket acme-invoices (the CloudTrail scope errored or was not scanned)"
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
