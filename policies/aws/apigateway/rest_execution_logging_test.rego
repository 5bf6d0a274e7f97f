package stance.rules.aws.apigateway.rest_execution_logging_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.apigateway.rest_execution_logging as rule
import rego.v1

cases := [
	{"name": "errors logged", "expect": "pass", "input": fx.rest_stage({})},
	{"name": "no method settings: off", "expect": "fail", "input": json.remove(fx.rest_stage({}), ["resource/config/methodSettings"])},
	{"name": "OFF", "expect": "fail", "input": fx.rest_stage({"methodSettings": {"*/*": {"loggingLevel": "OFF"}}})},
	{"name": "one method turned off", "expect": "fail", "input": fx.rest_stage({"methodSettings": {"orders/GET": {"loggingLevel": "OFF", "metricsEnabled": false}}})},
]

test_cases if harness.check_cases("aws.apigateway.rest_execution_logging", cases)

test_message if {
	some f in rule.deny with input as fx.rest_stage({"methodSettings": {"orders/GET": {"loggingLevel": "OFF", "metricsEnabled": false}}})
	f.msg == "orders stage prod: execution logging is off for orders/GET"
}
