package stance.rules.aws.cloudfront.default_root_object_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudfront.default_root_object as rule
import rego.v1

cases := [
	{"name": "index.html", "expect": "pass", "input": fx.distribution({})},
	{"name": "empty", "expect": "fail", "input": fx.distribution_config({"DefaultRootObject": ""})},
	{"name": "field not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig/DefaultRootObject"])},
	{"name": "configuration not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig"])},
]

test_cases if harness.check_cases("aws.cloudfront.default_root_object", cases)

test_message if {
	some f in rule.deny with input as fx.distribution_config({"DefaultRootObject": ""})
	f.msg == "CloudFront distribution E2QWRUHAPOMQZL has no default root object"
}
