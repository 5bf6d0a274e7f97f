package stance.rules.aws.cloudtrail.trail_kms_encryption_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudtrail.trail_kms_encryption as rule
import rego.v1

cases := [
	{"name": "KMS key set", "expect": "pass", "input": fx.trail({})},
	{"name": "no KMS key", "expect": "fail", "input": json.remove(fx.trail({}), ["resource/config/KmsKeyId"])},
	{"name": "empty KMS key", "expect": "fail", "input": fx.trail({"KmsKeyId": ""})},
]

test_cases if harness.check_cases("aws.cloudtrail.trail_kms_encryption", cases)

test_message if {
	some finding in rule.deny with input as fx.trail({"KmsKeyId": ""})
	finding.msg == "CloudTrail trail org-trail does not encrypt its logs with a KMS key"
}
