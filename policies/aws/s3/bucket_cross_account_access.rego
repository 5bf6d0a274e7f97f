# METADATA
# title: S3 bucket policy lets another account change the bucket's access or encryption
# description: >-
#   The bucket policy allows another AWS account an action that changes who can reach the data or
#   how it is protected: s3:DeleteBucketPolicy, s3:PutBucketAcl, s3:PutBucketPolicy,
#   s3:PutEncryptionConfiguration or s3:PutObjectAcl (by name or by a wildcard such as s3:* or s3:Put*).
#   That account can then open the bucket to anyone or lock the owner out.
# custom:
#   id: aws-s3-bucket-cross-account-access
#   severity: high
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Console: S3 > Buckets > select the bucket > Permissions > Bucket policy > Edit: in the
#     statements for other accounts, list only the data actions they need (s3:GetObject,
#     s3:PutObject, ...) instead of s3:* or the permission-changing actions > Save changes.
#     CLI: aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json
package stance.rules.aws.s3.bucket_cross_account_access

import data.stance.lib.resource_policy as rp
import rego.v1

sensitive := ["s3:DeleteBucketPolicy", "s3:PutBucketAcl", "s3:PutBucketPolicy", "s3:PutEncryptionConfiguration", "s3:PutObjectAcl"]

policy := object.get(input.resource.config, "Policy", "not reported")

unknown contains msg if {
	policy == "not reported"
	msg := sprintf("bucket %s: its bucket policy was not reported", [input.resource.name])
}

unknown contains msg if {
	rp.undecodable(policy)
	msg := sprintf("bucket %s: its bucket policy could not be decoded", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_object(policy)
	some g in rp.external_grants(policy, input.resource.account)
	actions := [a | some a in sensitive; rp.allows_action(g, a)]
	count(actions) > 0
	msg := sprintf("bucket %s: %s, which includes %s", [input.resource.name, rp.describe(g), concat(", ", actions)])
}
