package stance.rules.aws.s3.bucket_event_notifications_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

topic := {"TopicConfigurations": [{"Id": "new-invoices", "TopicArn": "arn:aws:sns:eu-west-1:111122223333:invoices", "Events": ["s3:ObjectCreated:*"]}]}

cases := [
	{"name": "SNS topic notified", "expect": "pass", "input": fx.s3_bucket({"NotificationConfiguration": topic})},
	{"name": "EventBridge on", "expect": "pass", "input": fx.s3_bucket({"NotificationConfiguration": {"EventBridgeConfiguration": {}}})},
	{"name": "Lambda function notified", "expect": "pass", "input": fx.s3_bucket({"NotificationConfiguration": {"LambdaFunctionConfigurations": [{"LambdaFunctionArn": "arn:aws:lambda:eu-west-1:111122223333:function:index", "Events": ["s3:ObjectRemoved:*"]}]}})},
	{"name": "no notifications (empty answer)", "expect": "fail", "input": fx.s3_bucket({"NotificationConfiguration": {}})},
	{"name": "empty lists", "expect": "fail", "input": fx.s3_bucket({"NotificationConfiguration": {"TopicConfigurations": [], "QueueConfigurations": []}})},
	{"name": "notifications not reported: error", "expect": "error", "input": json.remove(fx.s3_bucket({}), ["resource/config/NotificationConfiguration"])},
]

test_cases if harness.check_cases("aws.s3.bucket_event_notifications", cases)
