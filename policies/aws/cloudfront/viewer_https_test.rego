package stance.rules.aws.cloudfront.viewer_https_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudfront.viewer_https as rule
import rego.v1

cases := [
	{"name": "redirect and https-only", "expect": "pass", "input": fx.distribution({})},
	{"name": "default behavior allow-all", "expect": "fail", "input": fx.distribution_config({"DefaultCacheBehavior": fx.behavior("shop-site-s3", "allow-all")})},
	{"name": "path behavior allow-all", "expect": "fail", "input": fx.distribution_config({"CacheBehaviors": {"Quantity": 1, "Items": [object.union(fx.behavior("shop-api", "allow-all"), {"PathPattern": "/api/*"})]}})},
	{"name": "default behavior not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig/DefaultCacheBehavior"])},
	{"name": "configuration not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig"])},
]

test_cases if harness.check_cases("aws.cloudfront.viewer_https", cases)

test_message if {
	some f in rule.deny with input as fx.distribution_config({"CacheBehaviors": {"Quantity": 1, "Items": [object.union(fx.behavior("shop-api", "allow-all"), {"PathPattern": "/api/*"})]}})
	f.msg == "CloudFront distribution E2QWRUHAPOMQZL: cache behavior /api/* allows plain HTTP (viewer protocol policy allow-all)"
}
