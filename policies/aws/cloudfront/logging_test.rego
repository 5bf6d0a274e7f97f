package stance.rules.aws.cloudfront.logging_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudfront.logging as rule
import rego.v1

cases := [
	{"name": "logging on", "expect": "pass", "input": fx.distribution({})},
	{"name": "logging off", "expect": "fail", "input": fx.distribution_config({"Logging": {"Enabled": false, "IncludeCookies": false, "Bucket": "", "Prefix": ""}})},
	{"name": "logging not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig/Logging"])},
	{"name": "configuration not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig"])},
]

test_cases if harness.check_cases("aws.cloudfront.logging", cases)

test_message if {
	some f in rule.deny with input as fx.distribution_config({"Logging": {"Enabled": false, "IncludeCookies": false, "Bucket": "", "Prefix": ""}})
	f.msg == "CloudFront distribution E2QWRUHAPOMQZL does not write access logs"
}
