package stance.rules.aws.s3.bucket_public_access_block_test

import data.stance.lib.testing.harness
import data.stance.rules.aws.s3.bucket_public_access_block as rule
import rego.v1

all_on := {"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": true, "RestrictPublicBuckets": true}

bucket(block, account_block) := bucket_with(block, {"accountPublicAccessBlock": account_block})

# The account-level setting could not be read (denied, or an emulator without S3 Control).
unread_account := bucket_with(null, {"accountPublicAccessBlock": null, "accountPublicAccessBlockError": "S3Control GetPublicAccessBlock: AccessDenied"})

bucket_with(block, stance) := {
	"resource": {
		"id": "arn:aws:s3:::acme-invoices",
		"type": "aws.s3.bucket",
		"provider": "aws",
		"account": "111122223333",
		"region": "eu-west-1",
		"name": "acme-invoices",
		"tags": {},
		"config": {
			"Name": "acme-invoices",
			"CreationDate": "2023-05-04T10:00:00Z",
			"Region": "eu-west-1",
			"PublicAccessBlockConfiguration": block,
			"Versioning": {"Status": "Enabled"},
			"stance": stance,
		},
	},
	"context": {"now_ns": 1763900000000000000, "provider": "aws", "account": "111122223333", "region": "global"},
}

cases := [
	{"name": "no block anywhere", "expect": "fail", "input": bucket(null, null)},
	{"name": "bucket block complete", "expect": "pass", "input": bucket(all_on, null)},
	{"name": "account block complete", "expect": "pass", "input": bucket(null, all_on)},
	{"name": "bucket block partial", "expect": "fail", "input": bucket(object.union(all_on, {"RestrictPublicBuckets": false}), null)},
	{"name": "partial at both levels adding up to all four", "expect": "pass", "input": bucket(
		{"BlockPublicAcls": true, "IgnorePublicAcls": true, "BlockPublicPolicy": false, "RestrictPublicBuckets": false},
		{"BlockPublicAcls": false, "IgnorePublicAcls": false, "BlockPublicPolicy": true, "RestrictPublicBuckets": true},
	)},
	{"name": "account block partial, bucket none", "expect": "fail", "input": bucket(null, object.union(all_on, {"BlockPublicPolicy": false}))},
	{"name": "account setting unread, bucket none: unknown, not fail", "expect": "error", "input": unread_account},
	{"name": "account setting unread, bucket block complete", "expect": "pass", "input": object.union(unread_account, {"resource": {"config": {"PublicAccessBlockConfiguration": all_on}}})},
	{"name": "bucket block not reported, account has none: error", "expect": "error", "input": json.remove(bucket(null, null), ["resource/config/PublicAccessBlockConfiguration"])},
	{"name": "account block not reported, bucket block complete", "expect": "pass", "input": json.remove(bucket(all_on, null), ["resource/config/stance/accountPublicAccessBlock"])},
	{"name": "account block not reported, bucket block partial: error", "expect": "error", "input": json.remove(bucket(object.union(all_on, {"RestrictPublicBuckets": false}), null), ["resource/config/stance/accountPublicAccessBlock"])},
	{"name": "a setting missing from the bucket block, account has none: error", "expect": "error", "input": bucket(json.remove(all_on, ["BlockPublicAcls"]), null)},
]

test_cases if harness.check_cases("aws.s3.bucket_public_access_block", cases)

test_message_lists_missing_settings if {
	some finding in rule.deny with input as bucket(object.union(all_on, {"RestrictPublicBuckets": false}), null)
	finding.missing == ["RestrictPublicBuckets"]
}

test_unread_account_names_the_call_and_the_missing_settings if {
	some msg in rule.unknown with input as unread_account
	contains(msg, "S3Control GetPublicAccessBlock: AccessDenied")
	contains(msg, "BlockPublicAcls, BlockPublicPolicy, IgnorePublicAcls, RestrictPublicBuckets")
}
