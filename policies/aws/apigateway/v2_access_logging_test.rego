package stance.rules.aws.apigateway.v2_access_logging_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.apigateway.v2_access_logging as rule
import rego.v1

cases := [
	{"name": "access log", "expect": "pass", "input": fx.v2_stage("HTTP", {})},
	{"name": "none", "expect": "fail", "input": json.remove(fx.v2_stage("HTTP", {}), ["resource/config/AccessLogSettings"])},
]

test_cases if harness.check_cases("aws.apigateway.v2_access_logging", cases)

test_message if {
	some f in rule.deny with input as json.remove(fx.v2_stage("HTTP", {}), ["resource/config/AccessLogSettings"])
	f.msg == "HTTP API events stage $default has no access log destination"
}
