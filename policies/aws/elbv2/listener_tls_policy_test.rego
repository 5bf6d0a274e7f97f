package stance.rules.aws.elbv2.listener_tls_policy_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.elbv2.listener_tls_policy as rule
import rego.v1

cases := [
	{"name": "TLS 1.3 policy", "expect": "pass", "input": fx.alb({})},
	{"name": "FS TLS 1.2 policy", "expect": "pass", "input": fx.alb({"Listeners": [object.union(fx.https_listener, {"SslPolicy": "ELBSecurityPolicy-FS-1-2-Res-2020-10"})]})},
	{"name": "2016-08 default policy", "expect": "fail", "input": fx.alb({"Listeners": [object.union(fx.https_listener, {"SslPolicy": "ELBSecurityPolicy-2016-08"})]})},
	{"name": "NLB TLS listener with TLS 1.1", "expect": "fail", "input": fx.nlb({"Listeners": [{"Port": 443, "Protocol": "TLS", "SslPolicy": "ELBSecurityPolicy-TLS-1-1-2017-01", "DefaultActions": []}]})},
	{"name": "only HTTP listeners", "expect": "not_applicable", "input": fx.alb({"Listeners": [fx.redirect_listener]})},
	{"name": "policy not reported", "expect": "error", "input": json.remove(fx.alb({}), ["resource/config/Listeners/0/SslPolicy"])},
	{"name": "listeners not reported", "expect": "error", "input": json.remove(fx.alb({}), ["resource/config/Listeners"])},
]

test_cases if harness.check_cases("aws.elbv2.listener_tls_policy", cases)

test_message if {
	some f in rule.deny with input as fx.alb({"Listeners": [object.union(fx.https_listener, {"SslPolicy": "ELBSecurityPolicy-2016-08"})]})
	f.msg == "load balancer shop-web: HTTPS listener on port 443 uses ELBSecurityPolicy-2016-08, which allows TLS older than 1.2"
}
