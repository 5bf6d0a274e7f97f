package stance.rules.aws.ec2.volume_encrypted_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.volume_encrypted as rule
import rego.v1

cases := [
	{"name": "encrypted", "expect": "pass", "input": fx.volume({})},
	{"name": "unencrypted", "expect": "fail", "input": json.remove(fx.volume({"Encrypted": false}), ["resource/config/KmsKeyId"])},
	{"name": "detached", "expect": "not_applicable", "input": fx.volume({"Encrypted": false, "State": "available", "Attachments": []})},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.volume({}), ["resource/config/Encrypted"])},
]

test_cases if harness.check_cases("aws.ec2.volume_encrypted", cases)

test_message if {
	some f in rule.deny with input as fx.volume({"Encrypted": false})
	f.msg == "EBS volume vol-0a1b2c3d4e5f60718 attached to i-0abc1234def567890 is not encrypted"
}
