package stance.rules.aws.elb.acm_certificate_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.elb.acm_certificate as rule
import rego.v1

cases := [
	{"name": "ACM certificate", "expect": "pass", "input": fx.clb({})},
	{"name": "IAM server certificate", "expect": "fail", "input": fx.clb({"ListenerDescriptions": [fx.clb_listener("HTTPS", 443, {"SSLCertificateId": "arn:aws:iam::111122223333:server-certificate/legacy"})]})},
	{"name": "no secure listener", "expect": "not_applicable", "input": fx.clb({"ListenerDescriptions": [fx.clb_listener("HTTP", 80, {})]})},
	{"name": "listeners not reported", "expect": "error", "input": json.remove(fx.clb({}), ["resource/config/ListenerDescriptions"])},
]

test_cases if harness.check_cases("aws.elb.acm_certificate", cases)

test_message if {
	some f in rule.deny with input as fx.clb({"ListenerDescriptions": [fx.clb_listener("HTTPS", 443, {"SSLCertificateId": "arn:aws:iam::111122223333:server-certificate/legacy"})]})
	f.msg == "Classic Load Balancer legacy-web: HTTPS listener on port 443 uses certificate arn:aws:iam::111122223333:server-certificate/legacy, not one from ACM"
}
