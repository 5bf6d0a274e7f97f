package stance.rules.aws.cloudfront.s3_origin_access_control_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudfront.s3_origin_access_control as rule
import rego.v1

cases := [
	{"name": "OAC", "expect": "pass", "input": fx.distribution({})},
	{"name": "OAI only", "expect": "fail", "input": fx.distribution_config({"Origins": {"Quantity": 1, "Items": [object.union(fx.s3_origin, {"OriginAccessControlId": "", "S3OriginConfig": {"OriginAccessIdentity": "origin-access-identity/cloudfront/E1OAIEXAMPLE"}})]}})},
	{"name": "neither", "expect": "fail", "input": fx.distribution_config({"Origins": {"Quantity": 1, "Items": [object.union(fx.s3_origin, {"OriginAccessControlId": ""})]}})},
	{"name": "custom origins only", "expect": "not_applicable", "input": fx.distribution_config({"Origins": {"Quantity": 1, "Items": [fx.custom_origin]}})},
	{"name": "configuration not reported", "expect": "error", "input": json.remove(fx.distribution({}), ["resource/config/DistributionConfig"])},
]

test_cases if harness.check_cases("aws.cloudfront.s3_origin_access_control", cases)

test_message if {
	some f in rule.deny with input as fx.distribution_config({"Origins": {"Quantity": 1, "Items": [object.union(fx.s3_origin, {"OriginAccessControlId": ""})]}})
	f.msg == "CloudFront distribution E2QWRUHAPOMQZL: S3 origin shop-site-s3 has no origin access control or identity"
}
