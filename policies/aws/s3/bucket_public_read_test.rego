package stance.rules.aws.s3.bucket_public_read_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.s3.bucket_public_read as rule
import rego.v1

owner := "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"

acl(grantee_uri, permission) := {"Owner": {"ID": owner}, "Grants": [
	{"Grantee": {"Type": "CanonicalUser", "ID": owner}, "Permission": "FULL_CONTROL"},
	{"Grantee": {"Type": "Group", "URI": grantee_uri}, "Permission": permission},
]}

all_users := "http://acs.amazonaws.com/groups/global/AllUsers"

authenticated := "http://acs.amazonaws.com/groups/global/AuthenticatedUsers"

public_get := {"Sid": "Public", "Effect": "Allow", "Principal": "*", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::acme-invoices/*"}

policy(statements) := {"Version": "2012-10-17", "Statement": statements}

# Neither the bucket nor the account blocks public access.
open(fields) := fx.s3_bucket(object.union({"PublicAccessBlockConfiguration": null}, fields))

cases := [
	{"name": "private bucket, Block Public Access on", "expect": "pass", "input": fx.s3_bucket({})},
	{"name": "public grants voided by the bucket's Block Public Access", "expect": "pass", "input": fx.s3_bucket({"Acl": acl(all_users, "READ"), "Policy": policy([public_get])})},
	{"name": "public grants voided by the account's Block Public Access", "expect": "pass", "input": open({"Acl": acl(all_users, "READ"), "Policy": policy([public_get]), "stance": {"accountPublicAccessBlock": {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}}})},
	{"name": "open, but nothing grants public read", "expect": "pass", "input": open({})},
	{"name": "policy grant narrowed to the organization", "expect": "pass", "input": open({"Policy": policy([object.union(public_get, {"Condition": {"StringEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}}})])})},
	{"name": "AllUsers may write only (not read)", "expect": "pass", "input": open({"Acl": acl(all_users, "WRITE")})},
	{"name": "ACL grants AllUsers READ", "expect": "fail", "input": open({"Acl": acl(all_users, "READ")})},
	{"name": "ACL grants AuthenticatedUsers FULL_CONTROL", "expect": "fail", "input": open({"Acl": acl(authenticated, "FULL_CONTROL")})},
	{"name": "policy lets anyone GetObject", "expect": "fail", "input": open({"Policy": policy([public_get])})},
	{"name": "policy lets anyone s3:*", "expect": "fail", "input": open({"Policy": policy([object.union(public_get, {"Action": "s3:*", "Principal": {"AWS": "*"}})])})},
	{"name": "policy public, only IgnorePublicAcls on", "expect": "fail", "input": fx.s3_bucket({"PublicAccessBlockConfiguration": {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": false, "RestrictPublicBuckets": false}, "Policy": policy([public_get])})},
	{"name": "ACL not reported: error", "expect": "error", "input": json.remove(open({}), ["resource/config/Acl"])},
	{"name": "policy not reported: error", "expect": "error", "input": json.remove(open({}), ["resource/config/Policy"])},
	{"name": "public ACL, account block unreadable: error", "expect": "error", "input": open({"Acl": acl(all_users, "READ"), "stance": {"accountPublicAccessBlock": null, "accountPublicAccessBlockError": "S3Control GetPublicAccessBlock: AccessDenied"}})},
]

test_cases if harness.check_cases("aws.s3.bucket_public_read", cases)

test_message if {
	some finding in rule.deny with input as open({"Acl": acl(all_users, "READ")})
	finding.msg == "bucket acme-invoices can be read by anyone: ACL grants AllUsers READ"
}
