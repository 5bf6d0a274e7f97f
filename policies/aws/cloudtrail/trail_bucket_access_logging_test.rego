package stance.rules.aws.cloudtrail.trail_bucket_access_logging_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudtrail.trail_bucket_access_logging as rule
import rego.v1

with_logging(logging) := fx.trail({"stance": {"bucketLogging": logging}})

cases := [
	{"name": "bucket logs its access", "expect": "pass", "input": with_logging({"collected": true, "bucket": "acme-trail", "enabled": true, "target": "acme-access-logs"})},
	{"name": "bucket without access logging", "expect": "fail", "input": with_logging({"collected": true, "bucket": "acme-trail", "enabled": false, "target": null})},
	{"name": "bucket in an account that was not scanned", "expect": "error", "input": with_logging({"collected": false, "bucket": "central-trail", "reason": "bucket central-trail is not in the scanned accounts"})},
	{"name": "never joined (old snapshot)", "expect": "error", "input": fx.trail({})},
]

test_cases if harness.check_cases("aws.cloudtrail.trail_bucket_access_logging", cases)

test_message if {
	some finding in rule.deny with input as with_logging({"collected": true, "bucket": "acme-trail", "enabled": false})
	finding.msg == "bucket acme-trail, where trail org-trail delivers its logs, has no server access logging"
}
