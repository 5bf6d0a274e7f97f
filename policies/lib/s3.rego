# METADATA
# title: S3 bucket helpers
# description: >-
#   Who can reach a bucket's data: Block Public Access as the bucket and the account set it
#   (either level switching a setting on is enough), public ACL grants (AllUsers,
#   AuthenticatedUsers) and public bucket policy grants (through the resource-policy library).
package stance.lib.s3

import data.stance.lib.resource_policy as rp
import rego.v1

config := input.resource.config

# null means "none configured"; absent means "not reported".
bucket_block := object.get(config, "PublicAccessBlockConfiguration", "not reported")

account_block := object.get(config, ["stance", "accountPublicAccessBlock"], "not reported")

account_error := object.get(config, ["stance", "accountPublicAccessBlockError"], null)

level_on(block, setting) if block[setting] == true

level_off(null, _)

level_off(block, setting) if block[setting] == false

# A Block Public Access setting: "on" (bucket or account), "off" (both known off), else "unknown".
setting(name) := "on" if {
	some block in [bucket_block, account_block]
	level_on(block, name)
}

setting(name) := "off" if {
	level_off(bucket_block, name)
	level_off(account_block, name)
	account_error == null
}

default setting(_) := "unknown"

public_groups := {
	"http://acs.amazonaws.com/groups/global/AllUsers": "AllUsers",
	"http://acs.amazonaws.com/groups/global/AuthenticatedUsers": "AuthenticatedUsers",
}

acl := object.get(config, "Acl", "not reported")

# ACL grants to everyone or to every AWS account, with one of the permissions.
public_acl_grants(permissions) := [sprintf("%s %s", [public_groups[g.Grantee.URI], g.Permission]) |
	some g in object.get(acl, "Grants", [])
	g.Grantee.Type == "Group"
	public_groups[g.Grantee.URI]
	g.Permission in permissions
]

policy := object.get(config, "Policy", "not reported")

# Public grants of the bucket policy allowing one of the actions.
public_policy_grants(actions) := [rp.describe(g) |
	is_object(policy)
	some g in rp.public_grants(policy)
	rp.allows_any(g, actions)
]

# Why public access through ACLs or the policy cannot be judged.
unknown_access contains msg if {
	acl == "not reported"
	msg := sprintf("bucket %s: its ACL was not reported", [input.resource.name])
}

unknown_access contains msg if {
	policy == "not reported"
	msg := sprintf("bucket %s: its bucket policy was not reported", [input.resource.name])
}

unknown_access contains msg if {
	rp.undecodable(policy)
	msg := sprintf("bucket %s: its bucket policy could not be decoded", [input.resource.name])
}

# The ways a bucket is public for these ACL permissions and policy actions, after Block Public
# Access: {"public": [...], "unknown": [...]}. IgnorePublicAcls voids public ACLs,
# RestrictPublicBuckets voids public policies.
exposure(acl_permissions, actions) := {"public": public, "unknown": unknown} if {
	acl_grants := public_acl_grants(acl_permissions)
	policy_grants := public_policy_grants(actions)
	public := array.concat(
		[sprintf("ACL grants %s", [g]) | setting("IgnorePublicAcls") == "off"; some g in acl_grants],
		[sprintf("bucket policy %s", [g]) | setting("RestrictPublicBuckets") == "off"; some g in policy_grants],
	)
	unknown := array.concat(
		[sprintf("ACL grants %s and whether IgnorePublicAcls is on is unknown", [g]) | setting("IgnorePublicAcls") == "unknown"; some g in acl_grants],
		[sprintf("bucket policy %s and whether RestrictPublicBuckets is on is unknown", [g]) | setting("RestrictPublicBuckets") == "unknown"; some g in policy_grants],
	)
}
