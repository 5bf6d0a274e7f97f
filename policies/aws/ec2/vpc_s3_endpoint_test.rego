package stance.rules.aws.ec2.vpc_s3_endpoint_test

import data.stance.lib.testing.aws_edge as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.vpc_s3_endpoint as rule
import rego.v1

cases := [
	{"name": "S3 gateway endpoint", "expect": "pass", "input": fx.vpc({})},
	{"name": "no endpoints", "expect": "fail", "input": fx.vpc({"VpcEndpoints": []})},
	{"name": "not collected", "expect": "error", "input": json.remove(fx.vpc({}), ["resource/config/VpcEndpoints"])},
]

test_cases if harness.check_cases("aws.ec2.vpc_s3_endpoint", cases)

test_message if {
	some f in rule.deny with input as fx.vpc({"VpcEndpoints": []})
	f.msg == "VPC vpc-0a1b2c3d4e5f60718 has no VPC endpoint for Amazon S3"
}
