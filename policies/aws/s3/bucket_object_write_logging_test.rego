package stance.rules.aws.s3.bucket_object_write_logging_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
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

test_cases if harness.check_cases("aws.s3.bucket_object_write_logging", cases)

test_unknown_message if {
	some msg in rule.unknown with input as fx.s3_bucket({"stance": {"dataEvents": {"collected": false}}})
	msg == "CloudTrail data-event coverage of bucket acme-invoices (the CloudTrail scope errored or was not scanned)"
}
