package stance.rules.aws.sns.topic_delivery_logging_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

no_logging := json.remove(fx.sns_topic({}), ["resource/config/Attributes/SQSSuccessFeedbackRoleArn", "resource/config/Attributes/SQSFailureFeedbackRoleArn"])

cases := [
	{"name": "SQS delivery status logged", "expect": "pass", "input": fx.sns_topic({})},
	{"name": "only HTTP failures logged", "expect": "pass", "input": object.union(no_logging, {"resource": {"config": {"Attributes": {"HTTPFailureFeedbackRoleArn": "arn:aws:iam::111122223333:role/sns-delivery-status"}}}})},
	{"name": "no feedback role", "expect": "fail", "input": no_logging},
	{"name": "attributes not reported", "expect": "error", "input": json.remove(fx.sns_topic({}), ["resource/config/Attributes"])},
]

test_cases if harness.check_cases("aws.sns.topic_delivery_logging", cases)
