package stance.rules.aws.sqs.queue_public_policy_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.sqs.queue_public_policy as rule
import rego.v1

send(principal, fields) := object.union({"Sid": "send", "Effect": "Allow", "Principal": principal, "Action": "sqs:SendMessage", "Resource": fx.queue_arn}, fields)

with_policy(statements) := fx.sqs_queue({"Policy": fx.policy(statements)})

cases := [
	{"name": "no policy", "expect": "pass", "input": fx.sqs_queue({})},
	{"name": "SNS topic of the account (aws:SourceArn)", "expect": "pass", "input": with_policy([send({"Service": "sns.amazonaws.com"}, {"Condition": {"ArnEquals": {"aws:SourceArn": fx.topic_arn}}})])},
	{"name": "anyone, limited to one topic by aws:SourceArn", "expect": "pass", "input": with_policy([send("*", {"Condition": {"ArnEquals": {"aws:SourceArn": fx.topic_arn}}})])},
	{"name": "anyone", "expect": "fail", "input": with_policy([send("*", {})])},
	{"name": "anyone, with a condition that does not narrow", "expect": "fail", "input": with_policy([send({"AWS": "*"}, {"Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:*:orders-alerts"}}})])},
	{"name": "attributes not reported", "expect": "error", "input": json.remove(fx.sqs_queue({}), ["resource/config/Attributes"])},
	{"name": "policy not decodable", "expect": "error", "input": fx.sqs_queue({"Policy": {"stanceUndecodable": "{"}})},
]

test_cases if harness.check_cases("aws.sqs.queue_public_policy", cases)

test_message if {
	some finding in rule.deny with input as with_policy([send("*", {})])
	finding.msg == "SQS queue orders-events is public: statement send allows anyone (Principal *): sqs:SendMessage"
}
