package stance.rules.aws.dynamodb.table_autoscaling_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.dynamodb.table_autoscaling as rule
import rego.v1

read_only := fx.dynamodb_table({"stance": {"scalableTargets": [{"ResourceId": "table/orders", "ScalableDimension": "dynamodb:table:ReadCapacityUnits"}]}})

cases := [
	{"name": "read and write scale", "expect": "pass", "input": fx.dynamodb_table({})},
	{"name": "on-demand", "expect": "pass", "input": fx.dynamodb_table({"BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"}, "stance": {"scalableTargets": []}})},
	{"name": "on-demand, targets not reported", "expect": "pass", "input": json.remove(fx.dynamodb_table({"BillingModeSummary": {"BillingMode": "PAY_PER_REQUEST"}}), ["resource/config/stance/scalableTargets"])},
	{"name": "provisioned without auto scaling", "expect": "fail", "input": fx.dynamodb_table({"stance": {"scalableTargets": []}})},
	{"name": "provisioned, no billing summary (tables created provisioned)", "expect": "fail", "input": json.remove(fx.dynamodb_table({"stance": {"scalableTargets": []}}), ["resource/config/BillingModeSummary"])},
	{"name": "read only", "expect": "fail", "input": read_only},
	{"name": "only an index scales", "expect": "fail", "input": fx.dynamodb_table({"stance": {"scalableTargets": [{"ResourceId": "table/orders/index/by-customer", "ScalableDimension": "dynamodb:index:ReadCapacityUnits"}]}})},
	{"name": "targets not reported", "expect": "error", "input": json.remove(fx.dynamodb_table({}), ["resource/config/stance/scalableTargets"])},
]

test_cases if harness.check_cases("aws.dynamodb.table_autoscaling", cases)

test_message if {
	some finding in rule.deny with input as read_only
	finding.msg == "DynamoDB table orders uses provisioned capacity without auto scaling of dynamodb:table:WriteCapacityUnits"
}
