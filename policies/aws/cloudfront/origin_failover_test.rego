package stance.rules.aws.cloudfront.origin_failover_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudfront.origin_failover as rule
import rego.v1

cases := [
	{"name": "origin group", "expect": "pass", "input": fx.distribution({})},
	{"name": "no origin group", "expect": "fail", "input": fx.distribution_config({"OriginGroups": {"Quantity": 0}})},
	{"name": "configuration not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig"])},
]

test_cases if harness.check_cases("aws.cloudfront.origin_failover", cases)

test_message if {
	some f in rule.deny with input as fx.distribution_config({"OriginGroups": {"Quantity": 0}})
	f.msg == "CloudFront distribution E2QWRUHAPOMQZL has no origin group for failover"
}
