# METADATA
# title: ECR repository is not encrypted with a KMS key
# description: >-
#   The repository's images are encrypted with Amazon ECR's own AES-256 keys (SSE-S3). With a KMS
#   key, decryption needs kms:Decrypt on a key you control, every use is logged in CloudTrail, and
#   access can be cut off by disabling the key. Encryption is chosen when the repository is created.
# custom:
#   id: aws-ecr-repository-kms
#   severity: low
#   resource_types: [aws.ecr.repository]
#   remediation: |-
#     Create a new repository with KMS encryption and move the images to it (encryption cannot be
#     changed afterwards). Console: Amazon ECR > Create repository > Encryption settings: AWS KMS,
#     choose a customer managed key > Create; re-push the images; delete the old repository.
#     CLI: aws ecr create-repository --repository-name <repo> --encryption-configuration
#     encryptionType=KMS,kmsKey=<key-arn>
package stance.rules.aws.ecr.repository_kms

import rego.v1

encryption := object.get(input.resource.config, ["encryptionConfiguration", "encryptionType"], null)

unknown contains msg if {
	not is_string(encryption)
	msg := sprintf("ECR repository %s: its encryption type was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_string(encryption)
	not encryption in {"KMS", "KMS_DSSE"}
	msg := sprintf("ECR repository %s is encrypted with %s, not a KMS key", [input.resource.name, encryption])
}
