package stance.rules.aws.elbv2.http_redirect_https_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.elbv2.http_redirect_https as rule
import rego.v1

cases := [
	{"name": "HTTPS listener and HTTP redirect", "expect": "pass", "input": fx.alb({})},
	{"name": "HTTPS only", "expect": "pass", "input": fx.alb({"Listeners": [fx.https_listener]})},
	{"name": "HTTP listener forwarding", "expect": "fail", "input": fx.alb({"Listeners": [fx.https_listener, fx.plain_http_listener]})},
	{"name": "network load balancer", "expect": "not_applicable", "input": fx.nlb({})},
	{"name": "listeners not reported", "expect": "error", "input": json.remove(fx.alb({}), ["resource/config/Listeners"])},
]

test_cases if harness.check_cases("aws.elbv2.http_redirect_https", cases)

test_message if {
	some f in rule.deny with input as fx.alb({"Listeners": [fx.plain_http_listener]})
	f.msg == "load balancer shop-web: HTTP listener on port 80 does not redirect to HTTPS"
}
