package stance.rules.aws.apigateway.v2_route_authorization_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.apigateway.v2_route_authorization as rule
import rego.v1

cases := [
	{"name": "JWT and IAM routes", "expect": "pass", "input": fx.v2_api("HTTP", [fx.route("GET /orders", "JWT"), fx.route("POST /orders", "AWS_IAM")])},
	{"name": "open route", "expect": "fail", "input": fx.v2_api("HTTP", [fx.route("GET /orders", "JWT"), fx.route("GET /health", "NONE")])},
	{"name": "authorization type left out", "expect": "fail", "input": fx.v2_api("HTTP", [json.remove(fx.route("GET /orders", "JWT"), ["AuthorizationType"])])},
	{"name": "WebSocket $connect authorized", "expect": "pass", "input": fx.v2_api("WEBSOCKET", [fx.route("$connect", "CUSTOM"), fx.route("$default", "NONE")])},
	{"name": "WebSocket $connect open", "expect": "fail", "input": fx.v2_api("WEBSOCKET", [fx.route("$connect", "NONE")])},
	{"name": "no routes", "expect": "not_applicable", "input": fx.v2_api("HTTP", [])},
	{"name": "routes not reported", "expect": "error", "input": json.remove(fx.v2_api("HTTP", []), ["resource/config/Routes"])},
]

test_cases if harness.check_cases("aws.apigateway.v2_route_authorization", cases)

test_message if {
	some f in rule.deny with input as fx.v2_api("HTTP", [fx.route("GET /health", "NONE")])
	f.msg == "API events: route GET /health has no authorization"
}
