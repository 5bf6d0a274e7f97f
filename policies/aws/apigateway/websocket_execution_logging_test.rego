package stance.rules.aws.apigateway.websocket_execution_logging_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.apigateway.websocket_execution_logging as rule
import rego.v1

cases := [
	{"name": "INFO", "expect": "pass", "input": fx.v2_stage("WEBSOCKET", {})},
	{"name": "OFF", "expect": "fail", "input": fx.v2_stage("WEBSOCKET", {"DefaultRouteSettings": {"LoggingLevel": "OFF"}})},
	{"name": "unset", "expect": "fail", "input": json.remove(fx.v2_stage("WEBSOCKET", {}), ["resource/config/DefaultRouteSettings/LoggingLevel"])},
	{"name": "HTTP API", "expect": "not_applicable", "input": fx.v2_stage("HTTP", {})},
	{"name": "protocol not reported", "expect": "error", "input": json.remove(fx.v2_stage("WEBSOCKET", {}), ["resource/config/Api"])},
]

test_cases if harness.check_cases("aws.apigateway.websocket_execution_logging", cases)

test_message if {
	some f in rule.deny with input as fx.v2_stage("WEBSOCKET", {"DefaultRouteSettings": {"LoggingLevel": "OFF"}})
	f.msg == "WEBSOCKET API events stage $default: execution logging is off"
}
