package stance.rules.aws.s3.bucket_acls_disabled_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.s3.bucket_acls_disabled as rule
import rego.v1

owner := "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"

log_delivery := {"Grantee": {"Type": "Group", "URI": "http://acs.amazonaws.com/groups/s3/LogDelivery"}, "Permission": "WRITE"}

other_account := {"Grantee": {"Type": "CanonicalUser", "ID": "be7a0a9d3e5f0c2a1b4d6e8f0a2c4e6b8d0f2a4c6e8b0d2f4a6c8e0b2d4f6a8c"}, "Permission": "READ"}

acl(grants) := {"Owner": {"ID": owner}, "Grants": array.concat([{"Grantee": {"Type": "CanonicalUser", "ID": owner}, "Permission": "FULL_CONTROL"}], grants)}

preferred := {"OwnershipControls": {"Rules": [{"ObjectOwnership": "BucketOwnerPreferred"}]}}

cases := [
	{"name": "bucket owner enforced (ACLs off)", "expect": "pass", "input": fx.s3_bucket({})},
	{"name": "bucket owner enforced, legacy grants ignored by S3", "expect": "pass", "input": fx.s3_bucket({"Acl": acl([other_account])})},
	{"name": "ACLs on but only the owner is granted", "expect": "pass", "input": fx.s3_bucket(preferred)},
	{"name": "no ownership controls, only the owner granted", "expect": "pass", "input": fx.s3_bucket({"OwnershipControls": null})},
	{"name": "ACLs on, log delivery group granted", "expect": "fail", "input": fx.s3_bucket(object.union(preferred, {"Acl": acl([log_delivery])}))},
	{"name": "no ownership controls, another account granted", "expect": "fail", "input": fx.s3_bucket({"OwnershipControls": null, "Acl": acl([other_account])})},
	{"name": "ownership controls not reported: error", "expect": "error", "input": json.remove(fx.s3_bucket({"Acl": acl([other_account])}), ["resource/config/OwnershipControls"])},
	{"name": "ACL not reported: error", "expect": "error", "input": json.remove(fx.s3_bucket(preferred), ["resource/config/Acl"])},
]

test_cases if harness.check_cases("aws.s3.bucket_acls_disabled", cases)

test_message if {
	some finding in rule.deny with input as fx.s3_bucket(object.union(preferred, {"Acl": acl([log_delivery])}))
	finding.msg == "bucket acme-invoices grants access through its ACL to group http://acs.amazonaws.com/groups/s3/LogDelivery"
}
