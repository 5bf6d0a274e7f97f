package stance.rules.aws.s3.bucket_cross_account_access_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

with_policy(statements) := fx.s3_bucket({"Policy": {"Version": "2012-10-17", "Statement": statements}})

grant(principal, action) := {"Effect": "Allow", "Principal": {"AWS": principal}, "Action": action, "Resource": ["arn:aws:s3:::acme-invoices", "arn:aws:s3:::acme-invoices/*"]}

partner := "arn:aws:iam::444455556666:root"

own := "arn:aws:iam::111122223333:role/admin"

cases := [
	{"name": "no bucket policy", "expect": "pass", "input": fx.s3_bucket({})},
	{"name": "another account may only read and write objects", "expect": "pass", "input": with_policy([grant(partner, ["s3:GetObject", "s3:PutObject"])])},
	{"name": "own account may change the policy", "expect": "pass", "input": with_policy([grant(own, "s3:*")])},
	{"name": "another account gets s3:*", "expect": "fail", "input": with_policy([grant(partner, "s3:*")])},
	{"name": "another account may put the bucket policy", "expect": "fail", "input": with_policy([grant("444455556666", "s3:PutBucketPolicy")])},
	{"name": "another account gets s3:Put*", "expect": "fail", "input": with_policy([grant(partner, "s3:Put*")])},
	{"name": "a Deny statement, not a grant", "expect": "pass", "input": with_policy([object.union(grant(partner, "s3:*"), {"Effect": "Deny"})])},
	{"name": "policy not reported: error", "expect": "error", "input": json.remove(fx.s3_bucket({}), ["resource/config/Policy"])},
	{"name": "policy not decodable: error", "expect": "error", "input": fx.s3_bucket({"Policy": {"stanceUndecodable": "{not json"}})},
]

test_cases if harness.check_cases("aws.s3.bucket_cross_account_access", cases)
