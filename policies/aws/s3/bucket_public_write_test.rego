package stance.rules.aws.s3.bucket_public_write_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import rego.v1

owner := "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"

acl(grantee_uri, permission) := {"Owner": {"ID": owner}, "Grants": [
	{"Grantee": {"Type": "CanonicalUser", "ID": owner}, "Permission": "FULL_CONTROL"},
	{"Grantee": {"Type": "Group", "URI": grantee_uri}, "Permission": permission},
]}

all_users := "http://acs.amazonaws.com/groups/global/AllUsers"

public(action) := {"Effect": "Allow", "Principal": "*", "Action": action, "Resource": "arn:aws:s3:::acme-invoices/*"}

policy(statements) := {"Version": "2012-10-17", "Statement": statements}

open(fields) := fx.s3_bucket(object.union({"PublicAccessBlockConfiguration": null}, fields))

cases := [
	{"name": "private bucket", "expect": "pass", "input": fx.s3_bucket({})},
	{"name": "public write voided by Block Public Access", "expect": "pass", "input": fx.s3_bucket({"Acl": acl(all_users, "WRITE"), "Policy": policy([public("s3:PutObject")])})},
	{"name": "open, anyone may only read", "expect": "pass", "input": open({"Acl": acl(all_users, "READ"), "Policy": policy([public("s3:GetObject")])})},
	{"name": "policy grant narrowed to a VPC endpoint", "expect": "pass", "input": open({"Policy": policy([object.union(public("s3:PutObject"), {"Condition": {"StringEquals": {"aws:SourceVpce": "vpce-0a1b2c3d"}}})])})},
	{"name": "ACL grants AllUsers WRITE", "expect": "fail", "input": open({"Acl": acl(all_users, "WRITE")})},
	{"name": "ACL grants AllUsers WRITE_ACP", "expect": "fail", "input": open({"Acl": acl(all_users, "WRITE_ACP")})},
	{"name": "policy lets anyone PutObject", "expect": "fail", "input": open({"Policy": policy([public("s3:PutObject")])})},
	{"name": "policy lets anyone s3:Delete*", "expect": "fail", "input": open({"Policy": policy([public("s3:Delete*")])})},
	{"name": "ACL not reported: error", "expect": "error", "input": json.remove(open({}), ["resource/config/Acl"])},
	{"name": "policy not decodable: error", "expect": "error", "input": open({"Policy": {"stanceUndecodable": "{not json"}})},
	{"name": "public policy, account block unreadable: error", "expect": "error", "input": open({"Policy": policy([public("s3:PutObject")]), "stance": {"accountPublicAccessBlock": null, "accountPublicAccessBlockError": "S3Control GetPublicAccessBlock: AccessDenied"}})},
]

test_cases if harness.check_cases("aws.s3.bucket_public_write", cases)
