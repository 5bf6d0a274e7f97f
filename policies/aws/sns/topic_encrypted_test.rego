package stance.rules.aws.sns.topic_encrypted_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "KMS key", "expect": "pass", "input": fx.sns_topic({})},
	{"name": "no key", "expect": "fail", "input": json.remove(fx.sns_topic({}), ["resource/config/Attributes/KmsMasterKeyId"])},
	{"name": "empty key", "expect": "fail", "input": fx.sns_topic({"KmsMasterKeyId": ""})},
	{"name": "attributes not reported", "expect": "error", "input": json.remove(fx.sns_topic({}), ["resource/config/Attributes"])},
]

test_cases if harness.check_cases("aws.sns.topic_encrypted", cases)
