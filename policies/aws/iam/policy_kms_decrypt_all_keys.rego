# METADATA
# title: Customer managed IAM policy allows decryption with every KMS key
# description: >-
#   The default version of a customer managed policy allows kms:Decrypt or kms:ReEncryptFrom (by
#   name, by a wildcard such as kms:* or *, or through NotAction) on every KMS key (Resource "*" or
#   arn:aws:kms:...:key/*). Whoever holds it can decrypt any data whose key policy defers to IAM,
#   not only what their job needs. Conditions are not weighed. AWS managed policies do not apply.
# custom:
#   id: aws-iam-policy-kms-decrypt-all-keys
#   severity: medium
#   resource_types: [aws.iam.policy]
#   remediation: |-
#     Console: IAM > Policies > select the policy > Edit > in the statement that allows kms:Decrypt
#     (or kms:ReEncryptFrom), replace Resource "*" with the ARNs of the keys the holders use >
#     Next > Save changes (the new version becomes the default).
#     CLI: aws iam create-policy-version --policy-arn <arn> --policy-document file://policy.json
#     --set-as-default (with "Resource": ["arn:aws:kms:<region>:<account>:key/<key-id>"])
package stance.rules.aws.iam.policy_kms_decrypt_all_keys

import data.stance.lib.iam_policy
import rego.v1

config := input.resource.config

not_applicable if object.get(config, ["stance", "awsManaged"], false) == true

document := object.get(config, "DefaultVersionDocument", null)

unknown contains msg if {
	not is_object(document)
	msg := sprintf("IAM policy %s: the document of its default version was not reported", [input.resource.name])
}

unknown contains msg if {
	document.stanceUndecodable
	msg := sprintf("IAM policy %s: the document of its default version could not be decoded", [input.resource.name])
}

deny contains {"msg": msg, "statements": statements} if {
	is_object(document)
	statements := sort({s | some s in iam_policy.decrypt_all_keys(document)})
	count(statements) > 0
	msg := sprintf("IAM policy %s allows kms:Decrypt or kms:ReEncryptFrom on every KMS key (statement %s)", [input.resource.name, concat(", ", statements)])
}
