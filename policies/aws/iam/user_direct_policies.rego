# METADATA
# title: IAM user has policies attached directly
# description: >-
#   The user has inline policies or managed policies attached to the user itself instead of getting
#   permissions from group membership (or roles). Per-user grants drift apart, are hard to review
#   and are forgotten when people change teams.
# custom:
#   id: aws-iam-user-direct-policies
#   severity: low
#   resource_types: [aws.iam.user]
#   remediation: |-
#     Console: IAM > User groups > create or pick a group with the needed permissions and add the
#     user; then IAM > Users > select the user > Permissions > remove each policy listed as
#     "Attached directly" or "Inline".
#     CLI: aws iam add-user-to-group --group-name <group> --user-name <user>;
#     aws iam detach-user-policy --user-name <user> --policy-arn <arn>;
#     aws iam delete-user-policy --user-name <user> --policy-name <name>.
package stance.rules.aws.iam.user_direct_policies

import rego.v1

config := input.resource.config

# GetAccountAuthorizationDetails may leave out an empty list (moto does): absent means none.
inline := sort([p.PolicyName | some p in object.get(config, "UserPolicyList", [])])

attached := sort([p.PolicyName | some p in object.get(config, "AttachedManagedPolicies", [])])

deny contains {"msg": msg, "policies": inline} if {
	count(inline) > 0
	msg := sprintf("IAM user %s has inline policies: %s", [input.resource.name, concat(", ", inline)])
}

deny contains {"msg": msg, "policies": attached} if {
	count(attached) > 0
	msg := sprintf("IAM user %s has managed policies attached directly: %s", [input.resource.name, concat(", ", attached)])
}
