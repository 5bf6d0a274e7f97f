# METADATA
# title: Inline IAM policy allows decryption with every KMS key
# description: >-
#   An inline policy of the user, role or group allows kms:Decrypt or kms:ReEncryptFrom (by name,
#   by a wildcard, or through NotAction) on every KMS key (Resource "*" or arn:aws:kms:...:key/*).
#   Whoever holds it can decrypt any data whose key policy defers to IAM. Conditions are not weighed.
# custom:
#   id: aws-iam-inline-kms-decrypt-all-keys
#   severity: medium
#   resource_types: [aws.iam.user, aws.iam.role, aws.iam.group]
#   remediation: |-
#     Console: IAM > Users, Roles or User groups > select it > Permissions > select the inline
#     policy > Edit > replace Resource "*" in the kms:Decrypt statement with the ARNs of the keys it
#     needs > Save changes.
#     CLI: aws iam put-role-policy --role-name <role> --policy-name <policy> --policy-document
#     file://policy.json (put-user-policy / put-group-policy for users and groups)
package stance.rules.aws.iam.inline_kms_decrypt_all_keys

import data.stance.lib.iam_policy
import rego.v1

config := input.resource.config

list_field := {"aws.iam.user": "UserPolicyList", "aws.iam.role": "RolePolicyList", "aws.iam.group": "GroupPolicyList"}[input.resource.type]

# AWS leaves the list out when the entity has no inline policy.
inline := object.get(config, list_field, [])

unknown contains msg if {
	some p in inline
	not is_object(object.get(p, "PolicyDocument", null))
	msg := sprintf("%s: the document of inline policy %v was not reported", [input.resource.name, object.get(p, "PolicyName", "?")])
}

unknown contains msg if {
	some p in inline
	p.PolicyDocument.stanceUndecodable
	msg := sprintf("%s: inline policy %v could not be decoded", [input.resource.name, object.get(p, "PolicyName", "?")])
}

offending contains p.PolicyName if {
	some p in inline
	is_object(p.PolicyDocument)
	count(iam_policy.decrypt_all_keys(p.PolicyDocument)) > 0
}

deny contains {"msg": msg, "policies": names} if {
	count(offending) > 0
	names := sort(offending)
	msg := sprintf("%s %s has inline policies allowing kms:Decrypt or kms:ReEncryptFrom on every KMS key: %s", [trim_prefix(input.resource.type, "aws.iam."), input.resource.name, concat(", ", names)])
}
