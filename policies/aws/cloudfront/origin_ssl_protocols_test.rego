package stance.rules.aws.cloudfront.origin_ssl_protocols_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudfront.origin_ssl_protocols as rule
import rego.v1

cases := [
	{"name": "TLSv1.2 only", "expect": "pass", "input": fx.distribution({})},
	{"name": "SSLv3 allowed", "expect": "fail", "input": fx.distribution_config({"Origins": {"Quantity": 1, "Items": [object.union(fx.custom_origin, {"CustomOriginConfig": {"OriginSslProtocols": {"Quantity": 3, "Items": ["SSLv3", "TLSv1", "TLSv1.2"]}}})]}})},
	{"name": "S3 origins only", "expect": "not_applicable", "input": fx.distribution_config({"Origins": {"Quantity": 1, "Items": [fx.s3_origin]}})},
	{"name": "configuration not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig"])},
]

test_cases if harness.check_cases("aws.cloudfront.origin_ssl_protocols", cases)

test_message if {
	some f in rule.deny with input as fx.distribution_config({"Origins": {"Quantity": 1, "Items": [object.union(fx.custom_origin, {"CustomOriginConfig": {"OriginSslProtocols": {"Quantity": 3, "Items": ["SSLv3", "TLSv1", "TLSv1.2"]}}})]}})
	f.msg == "CloudFront distribution E2QWRUHAPOMQZL: origin shop-api allows SSLv3"
}
