# METADATA
# title: S3 bucket uses ACLs to grant access
# description: >-
#   The bucket's ACL grants access to someone other than the bucket owner (another account, a
#   group such as AllUsers or the log delivery group) and ACLs are not switched off. Access granted
#   by ACLs is hard to review next to policies; S3 Object Ownership "Bucket owner enforced" turns
#   ACLs off, so only policies decide.
# custom:
#   id: aws-s3-bucket-acls-disabled
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Move what the ACL grants into the bucket policy (the S3 log delivery service:
#     logging.s3.amazonaws.com), then Console: S3 > Buckets > select the bucket > Permissions >
#     Object Ownership > Edit > ACLs disabled (Bucket owner enforced) > Save changes.
#     CLI: aws s3api put-bucket-ownership-controls --bucket <bucket> --ownership-controls
#     Rules=[{ObjectOwnership=BucketOwnerEnforced}]
package stance.rules.aws.s3.bucket_acls_disabled

import data.stance.lib.aws
import rego.v1

config := input.resource.config

acl := object.get(config, "Acl", "not reported")

owner_id := object.get(acl, ["Owner", "ID"], null)

enforced if {
	some rule in config.OwnershipControls.Rules
	rule.ObjectOwnership == "BucketOwnerEnforced"
}

others contains grantee if {
	some g in object.get(acl, "Grants", [])
	grantee := describe(g.Grantee)
	not owner(g.Grantee)
}

owner(grantee) if {
	grantee.Type == "CanonicalUser"
	grantee.ID == owner_id
}

describe(grantee) := sprintf("group %s", [grantee.URI]) if grantee.Type == "Group"

describe(grantee) := sprintf("canonical user %s", [grantee.ID]) if grantee.Type == "CanonicalUser"

describe(grantee) := sprintf("%s", [object.get(grantee, "EmailAddress", "an e-mail grantee")]) if grantee.Type == "AmazonCustomerByEmail"

unknown contains msg if {
	not is_object(acl)
	msg := sprintf("bucket %s: its ACL was not reported", [input.resource.name])
}

unknown contains msg if {
	not enforced
	not aws.present_or_null(config, "OwnershipControls")
	msg := sprintf("bucket %s: its ownership controls were not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_object(acl)
	aws.present_or_null(config, "OwnershipControls")
	not enforced
	count(others) > 0
	msg := sprintf("bucket %s grants access through its ACL to %s", [input.resource.name, concat(", ", sort(others))])
}
