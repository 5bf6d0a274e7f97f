package stance.rules.aws.apigateway.rest_xray_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.apigateway.rest_xray as rule
import rego.v1

cases := [
	{"name": "tracing on", "expect": "pass", "input": fx.rest_stage({})},
	{"name": "tracing off", "expect": "fail", "input": fx.rest_stage({"tracingEnabled": false})},
	{"name": "left out when false", "expect": "fail", "input": json.remove(fx.rest_stage({}), ["resource/config/tracingEnabled"])},
]

test_cases if harness.check_cases("aws.apigateway.rest_xray", cases)

test_message if {
	some f in rule.deny with input as fx.rest_stage({"tracingEnabled": false})
	f.msg == "orders stage prod does not trace requests with X-Ray"
}
