package stance.rules.aws.apigateway.rest_access_logging_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.apigateway.rest_access_logging as rule
import rego.v1

cases := [
	{"name": "access log", "expect": "pass", "input": fx.rest_stage({})},
	{"name": "none", "expect": "fail", "input": json.remove(fx.rest_stage({}), ["resource/config/accessLogSettings"])},
]

test_cases if harness.check_cases("aws.apigateway.rest_access_logging", cases)

test_message if {
	some f in rule.deny with input as json.remove(fx.rest_stage({}), ["resource/config/accessLogSettings"])
	f.msg == "orders stage prod has no access log destination"
}
