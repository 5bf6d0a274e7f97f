package stance.rules.aws.sqs.queue_encrypted_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

cases := [
	{"name": "SSE-SQS", "expect": "pass", "input": fx.sqs_queue({})},
	{"name": "SSE-KMS", "expect": "pass", "input": fx.sqs_queue({"SqsManagedSseEnabled": "false", "KmsMasterKeyId": "alias/orders"})},
	{"name": "no encryption", "expect": "fail", "input": fx.sqs_queue({"SqsManagedSseEnabled": "false"})},
	{"name": "no encryption attribute at all", "expect": "fail", "input": json.remove(fx.sqs_queue({}), ["resource/config/Attributes/SqsManagedSseEnabled"])},
	{"name": "attributes not reported", "expect": "error", "input": json.remove(fx.sqs_queue({}), ["resource/config/Attributes"])},
]

test_cases if harness.check_cases("aws.sqs.queue_encrypted", cases)
