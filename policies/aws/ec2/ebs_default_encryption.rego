# METADATA
# title: EBS encryption by default is off in the region
# description: >-
#   New EBS volumes and snapshot copies in this region are not encrypted unless whoever creates
#   them asks for it. Turning on encryption by default makes every new volume encrypted with the
#   region's default KMS key.
# custom:
#   id: aws-ec2-ebs-default-encryption
#   severity: medium
#   resource_types: [aws.ec2.ebs_encryption_default]
#   remediation: |-
#     Console: EC2 (in the region) > Settings (Account attributes) > Data protection and security >
#     EBS encryption > Manage > tick "Always encrypt new EBS volumes" (optionally choose a customer
#     managed key) > Update EBS encryption. Repeat in every region in use.
#     CLI: aws ec2 enable-ebs-encryption-by-default --region <region>
#     (optionally aws ec2 modify-ebs-default-kms-key-id --kms-key-id <key> --region <region>)
package stance.rules.aws.ec2.ebs_default_encryption

import rego.v1

unknown contains msg if {
	not is_boolean(object.get(input.resource.config, "EbsEncryptionByDefault", null))
	msg := sprintf("EbsEncryptionByDefault of region %s was not reported", [input.resource.region])
}

deny contains {"msg": msg} if {
	input.resource.config.EbsEncryptionByDefault == false
	msg := sprintf("EBS encryption by default is off in region %s", [input.resource.region])
}
