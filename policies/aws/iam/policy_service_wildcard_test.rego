package stance.rules.aws.iam.policy_service_wildcard_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.iam.policy_service_wildcard as rule
import rego.v1

cases := [
	{"name": "named actions", "expect": "pass", "input": fx.iam_policy([{"Effect": "Allow", "Action": ["s3:GetObject", "s3:PutObject"], "Resource": "arn:aws:s3:::orders/*"}])},
	{"name": "prefix wildcard is not the whole service", "expect": "pass", "input": fx.iam_policy([{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}])},
	{"name": "service wildcard in a Deny", "expect": "pass", "input": fx.iam_policy([{"Effect": "Deny", "Action": "iam:*", "Resource": "*"}])},
	{"name": "s3:*", "expect": "fail", "input": fx.iam_policy([{"Effect": "Allow", "Action": ["s3:*", "sqs:SendMessage"], "Resource": "arn:aws:s3:::orders/*"}])},
	{"name": "*", "expect": "fail", "input": fx.iam_policy([{"Effect": "Allow", "Action": "*", "Resource": "*"}])},
	{"name": "AWS managed policy", "expect": "not_applicable", "input": object.union(fx.iam_policy([{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]), {"resource": {"config": {"stance": {"awsManaged": true}}}})},
	{"name": "document not reported", "expect": "error", "input": json.remove(fx.iam_policy([]), ["resource/config/DefaultVersionDocument"])},
	{"name": "document not decodable", "expect": "error", "input": object.union(fx.iam_policy([]), {"resource": {"config": {"DefaultVersionDocument": {"stanceUndecodable": "%7B%22Version"}}}})},
]

test_cases if harness.check_cases("aws.iam.policy_service_wildcard", cases)

test_message if {
	some finding in rule.deny with input as fx.iam_policy([{"Effect": "Allow", "Action": ["ec2:*", "s3:*"], "Resource": "*"}])
	finding.msg == "IAM policy orders-app allows every action of a service: ec2:*, s3:*"
}
