package stance.rules.aws.cloudfront.custom_origin_https_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudfront.custom_origin_https as rule
import rego.v1

cases := [
	{"name": "https-only", "expect": "pass", "input": fx.distribution({})},
	{"name": "http-only", "expect": "fail", "input": fx.distribution_config({"Origins": {"Quantity": 1, "Items": [object.union(fx.custom_origin, {"CustomOriginConfig": {"OriginProtocolPolicy": "http-only"}})]}})},
	{"name": "match-viewer with allow-all viewers", "expect": "fail", "input": fx.distribution_config({"Origins": {"Quantity": 1, "Items": [object.union(fx.custom_origin, {"CustomOriginConfig": {"OriginProtocolPolicy": "match-viewer"}})]}, "CacheBehaviors": {"Quantity": 1, "Items": [object.union(fx.behavior("shop-api", "allow-all"), {"PathPattern": "/api/*"})]}})},
	{"name": "match-viewer with HTTPS viewers", "expect": "pass", "input": fx.distribution_config({"Origins": {"Quantity": 1, "Items": [object.union(fx.custom_origin, {"CustomOriginConfig": {"OriginProtocolPolicy": "match-viewer"}})]}})},
	{"name": "S3 origins only", "expect": "not_applicable", "input": fx.distribution_config({"Origins": {"Quantity": 1, "Items": [fx.s3_origin]}})},
	{"name": "configuration not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig"])},
]

test_cases if harness.check_cases("aws.cloudfront.custom_origin_https", cases)

test_message if {
	some f in rule.deny with input as fx.distribution_config({"Origins": {"Quantity": 1, "Items": [object.union(fx.custom_origin, {"CustomOriginConfig": {"OriginProtocolPolicy": "http-only"}})]}})
	f.msg == "CloudFront distribution E2QWRUHAPOMQZL: origin shop-api is reached over HTTP (origin protocol policy http-only)"
}
