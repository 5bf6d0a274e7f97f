package stance.rules.aws.cloudfront.waf_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudfront.waf as rule
import rego.v1

cases := [
	{"name": "web ACL", "expect": "pass", "input": fx.distribution({})},
	{"name": "no web ACL", "expect": "fail", "input": fx.distribution_config({"WebACLId": ""})},
	{"name": "not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig/WebACLId"])},
	{"name": "configuration not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig"])},
]

test_cases if harness.check_cases("aws.cloudfront.waf", cases)

test_message if {
	some f in rule.deny with input as fx.distribution_config({"WebACLId": ""})
	f.msg == "CloudFront distribution E2QWRUHAPOMQZL has no AWS WAF web ACL"
}
