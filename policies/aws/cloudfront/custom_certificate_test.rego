package stance.rules.aws.cloudfront.custom_certificate_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudfront.custom_certificate as rule
import rego.v1

cases := [
	{"name": "ACM certificate", "expect": "pass", "input": fx.distribution({})},
	{"name": "default certificate", "expect": "fail", "input": fx.distribution_config({"ViewerCertificate": fx.default_certificate})},
	{"name": "certificate not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig/ViewerCertificate"])},
	{"name": "configuration not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig"])},
]

test_cases if harness.check_cases("aws.cloudfront.custom_certificate", cases)

test_message if {
	some f in rule.deny with input as fx.distribution_config({"ViewerCertificate": fx.default_certificate})
	f.msg == "CloudFront distribution E2QWRUHAPOMQZL uses the default CloudFront certificate"
}
