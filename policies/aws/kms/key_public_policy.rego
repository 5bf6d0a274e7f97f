# METADATA
# title: KMS key policy allows public access
# description: >-
#   The customer managed key's policy lets anyone (Principal "*" without a condition narrowing it
#   to known accounts, such as kms:CallerAccount or aws:PrincipalOrgID, or to networks) use or
#   manage the key: decrypt what it protects, or change its policy. AWS managed keys do not apply.
# custom:
#   id: aws-kms-key-public-policy
#   severity: critical
#   resource_types: [aws.kms.key]
#   remediation: |-
#     Console: KMS > Customer managed keys > select the key > Key policy > Edit: replace Principal
#     "*" with the account root or the roles that use the key, or add a kms:CallerAccount or
#     aws:PrincipalOrgID condition > Save changes.
#     CLI: aws kms get-key-policy --key-id <key-id> --policy-name default --output text > policy.json,
#     fix it, then aws kms put-key-policy --key-id <key-id> --policy-name default --policy file://policy.json
package stance.rules.aws.kms.key_public_policy

import data.stance.lib.resource_policy as rp
import rego.v1

not_applicable if object.get(input.resource.config, "KeyManager", "CUSTOMER") == "AWS"

policy := object.get(input.resource.config, "Policy", "not reported")

unknown contains msg if {
	policy == "not reported"
	msg := sprintf("KMS key %s: its key policy was not reported", [input.resource.name])
}

unknown contains msg if {
	rp.undecodable(policy)
	msg := sprintf("KMS key %s: its key policy could not be decoded", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_object(policy)
	some grant in rp.public_grants(policy)
	msg := sprintf("KMS key %s is public: %s", [input.resource.name, rp.describe(grant)])
}
