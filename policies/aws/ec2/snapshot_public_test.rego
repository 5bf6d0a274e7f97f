package stance.rules.aws.ec2.snapshot_public_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.snapshot_public as rule
import rego.v1

cases := [
	{"name": "private", "expect": "pass", "input": fx.snapshot({})},
	{"name": "public", "expect": "fail", "input": fx.snapshot({"stance": {"restorableByAll": true}})},
	{"name": "not collected", "expect": "error", "input": json.remove(fx.snapshot({}), ["resource/config/stance"])},
]

test_cases if harness.check_cases("aws.ec2.snapshot_public", cases)

test_message if {
	some f in rule.deny with input as fx.snapshot({"stance": {"restorableByAll": true}})
	f.msg == "EBS snapshot snap-0a1b2c3d4e5f60718 is public: any AWS account can create a volume from it"
}
