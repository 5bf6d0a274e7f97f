# METADATA
# title: EFS file system is not encrypted at rest
# description: >-
#   The Elastic File System was created without encryption at rest. Encryption can only be chosen
#   at creation, so the data has to be copied to a new, encrypted file system.
# custom:
#   id: aws-efs-encrypted
#   severity: medium
#   resource_types: [aws.efs.file_system]
#   remediation: |-
#     Console: EFS > File systems > Create file system > Customize > tick "Enable encryption of data
#     at rest" (choose a KMS key) > Create; copy the data across (e.g. with AWS DataSync), point the
#     mount targets' clients at the new file system and delete the old one.
#     CLI: aws efs create-file-system --encrypted --kms-key-id <key> --performance-mode generalPurpose
#     --tags Key=Name,Value=<name>, then aws datasync to copy and aws efs delete-file-system
#     --file-system-id <old-id>.
package stance.rules.aws.efs.file_system_encrypted

import rego.v1

config := input.resource.config

unknown contains msg if {
	not is_boolean(object.get(config, "Encrypted", null))
	msg := sprintf("EFS file system %s: Encrypted was not reported", [object.get(config, "FileSystemId", input.resource.name)])
}

deny contains {"msg": msg} if {
	config.Encrypted == false
	msg := sprintf("EFS file system %s is not encrypted at rest", [config.FileSystemId])
}
