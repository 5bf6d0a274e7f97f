package stance.rules.aws.s3.bucket_deny_http_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.s3.bucket_deny_http as rule
import rego.v1

tls_only := {
	"Sid": "DenyInsecureTransport",
	"Effect": "Deny",
	"Principal": "*",
	"Action": "s3:*",
	"Resource": ["arn:aws:s3:::acme-invoices", "arn:aws:s3:::acme-invoices/*"],
	"Condition": {"Bool": {"aws:SecureTransport": "false"}},
}

reader := {"Sid": "AppRead", "Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::111122223333:role/app"}, "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-invoices/*"}

with_policy(statements) := fx.s3_bucket({"Policy": {"Version": "2012-10-17", "Statement": statements}})

cases := [
	{"name": "deny statement in a list", "expect": "pass", "input": with_policy([reader, tls_only])},
	{"name": "single statement object, principal AWS *", "expect": "pass", "input": with_policy(object.union(tls_only, {"Principal": {"AWS": "*"}}))},
	{"name": "action * and boolean false, principal AWS list", "expect": "pass", "input": with_policy([object.union(tls_only, {"Action": ["*"], "Principal": {"AWS": ["*"]}, "Condition": {"Bool": {"aws:SecureTransport": false}}})])},
	{"name": "resource with a wildcard after the bucket name", "expect": "pass", "input": with_policy([object.union(tls_only, {"Resource": "arn:aws:s3:::acme-invoices*"})])},
	{"name": "lower-case condition key", "expect": "pass", "input": with_policy([object.union(tls_only, {"Condition": {"Bool": {"aws:securetransport": ["false"]}}})])},
	{"name": "no bucket policy", "expect": "fail", "input": fx.s3_bucket({})},
	{"name": "policy without the deny", "expect": "fail", "input": with_policy([reader])},
	{"name": "deny only for one principal", "expect": "fail", "input": with_policy([object.union(tls_only, {"Principal": {"AWS": "arn:aws:iam::111122223333:root"}})])},
	{"name": "deny only s3:GetObject", "expect": "fail", "input": with_policy([object.union(tls_only, {"Action": "s3:GetObject"})])},
	{"name": "deny only on the bucket, not its objects", "expect": "fail", "input": with_policy([object.union(tls_only, {"Resource": "arn:aws:s3:::acme-invoices"})])},
	{"name": "condition on true is the opposite", "expect": "fail", "input": with_policy([object.union(tls_only, {"Condition": {"Bool": {"aws:SecureTransport": "true"}}})])},
	{"name": "allow instead of deny", "expect": "fail", "input": with_policy([object.union(tls_only, {"Effect": "Allow"})])},
	{"name": "policy not reported: error, never no policy", "expect": "error", "input": json.remove(fx.s3_bucket({}), ["resource/config/Policy"])},
	{"name": "policy not decodable: error", "expect": "error", "input": fx.s3_bucket({"Policy": {"stanceUndecodable": "%zz"}})},
]

test_cases if harness.check_cases("aws.s3.bucket_deny_http", cases)

test_message if {
	some finding in rule.deny with input as fx.s3_bucket({})
	finding.msg == "bucket acme-invoices has no bucket policy, so nothing denies requests over HTTP"
}
