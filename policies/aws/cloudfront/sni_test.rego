package stance.rules.aws.cloudfront.sni_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudfront.sni as rule
import rego.v1

cases := [
	{"name": "sni-only", "expect": "pass", "input": fx.distribution({})},
	{"name": "vip", "expect": "fail", "input": fx.distribution_config({"ViewerCertificate": {"CloudFrontDefaultCertificate": false, "ACMCertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/abc", "SSLSupportMethod": "vip", "MinimumProtocolVersion": "TLSv1.2_2021"}})},
	{"name": "default certificate", "expect": "not_applicable", "input": fx.distribution_config({"ViewerCertificate": fx.default_certificate})},
	{"name": "configuration not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig"])},
	{"name": "certificate not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig/ViewerCertificate"])},
]

test_cases if harness.check_cases("aws.cloudfront.sni", cases)

test_message if {
	some f in rule.deny with input as fx.distribution_config({"ViewerCertificate": {"CloudFrontDefaultCertificate": false, "ACMCertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/abc", "SSLSupportMethod": "vip", "MinimumProtocolVersion": "TLSv1.2_2021"}})
	f.msg == "CloudFront distribution E2QWRUHAPOMQZL serves its certificate with SSL support method vip, not SNI"
}
