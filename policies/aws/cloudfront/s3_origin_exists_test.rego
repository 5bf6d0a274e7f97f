package stance.rules.aws.cloudfront.s3_origin_exists_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudfront.s3_origin_exists as rule
import rego.v1

cases := [
	{"name": "bucket exists", "expect": "pass", "input": fx.distribution({})},
	{"name": "bucket gone", "expect": "fail", "input": fx.distribution({"stance": {"originBuckets": [{"OriginId": "shop-site-s3", "Bucket": "shop-site", "Exists": false}]}})},
	{"name": "no S3 origin", "expect": "not_applicable", "input": fx.distribution({"stance": {"originBuckets": []}})},
	{"name": "existence unknown", "expect": "error", "input": fx.distribution({"stance": {"originBuckets": [{"OriginId": "shop-site-s3", "Bucket": "shop-site", "Exists": null}]}})},
	{"name": "not collected", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/stance"])},
]

test_cases if harness.check_cases("aws.cloudfront.s3_origin_exists", cases)

test_message if {
	some f in rule.deny with input as fx.distribution({"stance": {"originBuckets": [{"OriginId": "shop-site-s3", "Bucket": "shop-site", "Exists": false}]}})
	f.msg == "CloudFront distribution E2QWRUHAPOMQZL: origin shop-site-s3 points to bucket shop-site, which does not exist"
}
