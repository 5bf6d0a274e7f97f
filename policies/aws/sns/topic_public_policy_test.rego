package stance.rules.aws.sns.topic_public_policy_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

publish(principal, fields) := object.union({"Sid": "publish", "Effect": "Allow", "Principal": principal, "Action": "sns:Publish", "Resource": fx.topic_arn}, fields)

with_extra(statements) := fx.sns_topic({"Policy": {"Version": "2008-10-17", "Statement": array.concat(fx.default_topic_policy.Statement, statements)}})

cases := [
	{"name": "the default policy (AWS:SourceOwner)", "expect": "pass", "input": fx.sns_topic({})},
	{"name": "CloudWatch alarms of the account", "expect": "pass", "input": with_extra([publish({"Service": "cloudwatch.amazonaws.com"}, {"Condition": {"StringEquals": {"aws:SourceAccount": "111122223333"}}})])},
	{"name": "publish for anyone", "expect": "fail", "input": with_extra([publish({"AWS": "*"}, {})])},
	{"name": "subscribe for anyone", "expect": "fail", "input": with_extra([publish("*", {"Action": ["sns:Subscribe", "sns:Receive"]})])},
	{"name": "attributes not reported", "expect": "error", "input": json.remove(fx.sns_topic({}), ["resource/config/Attributes"])},
	{"name": "policy not decodable", "expect": "error", "input": fx.sns_topic({"Policy": {"stanceUndecodable": "{not json"}})},
]

test_cases if harness.check_cases("aws.sns.topic_public_policy", cases)
