package stance.rules.aws.kms.key_public_policy_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import rego.v1

with_extra(statements) := fx.kms_key({"Policy": {"Version": "2012-10-17", "Statement": array.concat(fx.default_key_policy.Statement, statements)}})

use := ["kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*", "kms:DescribeKey"]

cases := [
	{"name": "the default key policy", "expect": "pass", "input": fx.kms_key({})},
	{"name": "any principal of the account through EC2 (CallerAccount and ViaService)", "expect": "pass", "input": with_extra([{"Sid": "ebs", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": use, "Resource": "*", "Condition": {"StringEquals": {"kms:CallerAccount": "111122223333", "kms:ViaService": "ec2.eu-west-1.amazonaws.com"}}}])},
	{"name": "another account", "expect": "pass", "input": with_extra([{"Sid": "partner", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::444455556666:root"}, "Action": "kms:Decrypt", "Resource": "*"}])},
	{"name": "decrypt for anyone", "expect": "fail", "input": with_extra([{"Sid": "oops", "Effect": "Allow", "Principal": "*", "Action": "kms:Decrypt", "Resource": "*"}])},
	{"name": "anyone through a service only (ViaService does not name an account)", "expect": "fail", "input": with_extra([{"Sid": "via", "Effect": "Allow", "Principal": {"AWS": "*"}, "Action": use, "Resource": "*", "Condition": {"StringEquals": {"kms:ViaService": "s3.eu-west-1.amazonaws.com"}}}])},
	{"name": "AWS managed key", "expect": "not_applicable", "input": fx.kms_key({"KeyManager": "AWS"})},
	{"name": "policy not reported", "expect": "error", "input": json.remove(fx.kms_key({}), ["resource/config/Policy"])},
	{"name": "policy not decodable", "expect": "error", "input": fx.kms_key({"Policy": {"stanceUndecodable": "{not json"}})},
]

test_cases if harness.check_cases("aws.kms.key_public_policy", cases)
