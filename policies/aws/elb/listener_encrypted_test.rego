package stance.rules.aws.elb.listener_encrypted_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.elb.listener_encrypted as rule
import rego.v1

cases := [
	{"name": "HTTPS only", "expect": "pass", "input": fx.clb({})},
	{"name": "SSL listener", "expect": "pass", "input": fx.clb({"ListenerDescriptions": [fx.clb_listener("SSL", 443, {"SSLCertificateId": "arn:aws:acm:eu-west-1:111122223333:certificate/abc"})]})},
	{"name": "plain HTTP listener", "expect": "fail", "input": fx.clb({"ListenerDescriptions": [fx.clb_listener("HTTP", 80, {})]})},
	{"name": "plain TCP listener", "expect": "fail", "input": fx.clb({"ListenerDescriptions": [fx.clb_listener("TCP", 25, {})]})},
	{"name": "listeners not reported", "expect": "error", "input": json.remove(fx.clb({}), ["resource/config/ListenerDescriptions"])},
]

test_cases if harness.check_cases("aws.elb.listener_encrypted", cases)

test_message if {
	some f in rule.deny with input as fx.clb({"ListenerDescriptions": [fx.clb_listener("HTTP", 80, {})]})
	f.msg == "Classic Load Balancer legacy-web: HTTP listener on port 80 is not encrypted"
}
