package stance.rules.aws.cloudfront.viewer_tls_version_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudfront.viewer_tls_version as rule
import rego.v1

cases := [
	{"name": "TLSv1.2_2021", "expect": "pass", "input": fx.distribution({})},
	{"name": "TLSv1_2016", "expect": "fail", "input": fx.distribution_config({"ViewerCertificate": {"CloudFrontDefaultCertificate": false, "ACMCertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/abc", "SSLSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1_2016"}})},
	{"name": "default certificate", "expect": "not_applicable", "input": fx.distribution_config({"ViewerCertificate": fx.default_certificate})},
	{"name": "version not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig/ViewerCertificate/MinimumProtocolVersion"])},
	{"name": "certificate not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig/ViewerCertificate"])},
]

test_cases if harness.check_cases("aws.cloudfront.viewer_tls_version", cases)

test_message if {
	some f in rule.deny with input as fx.distribution_config({"ViewerCertificate": {"CloudFrontDefaultCertificate": false, "ACMCertificateArn": "arn:aws:acm:us-east-1:111122223333:certificate/abc", "SSLSupportMethod": "sni-only", "MinimumProtocolVersion": "TLSv1_2016"}})
	f.msg == "CloudFront distribution E2QWRUHAPOMQZL accepts viewers below TLS 1.2 (security policy TLSv1_2016)"
}
