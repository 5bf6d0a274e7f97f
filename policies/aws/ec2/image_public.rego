# METADATA
# title: AMI is public
# description: >-
#   The machine image is shared with everyone: any AWS account can launch it and read what was
#   baked into it (application code, configuration, sometimes keys).
# custom:
#   id: aws-ec2-image-public
#   severity: high
#   resource_types: [aws.ec2.image]
#   remediation: |-
#     Console: EC2 > AMIs > select the AMI > Actions > Edit AMI permissions > Private > Save changes (and
#       turn on EC2 > Data protection > Block public access for AMIs).
#       CLI: aws ec2 modify-image-attribute --image-id <id> --launch-permission "Remove=[{Group=all}]";
#       aws ec2 enable-image-block-public-access --image-block-public-access-state block-new-sharing
package stance.rules.aws.ec2.image_public

import rego.v1

image := input.resource.config

id := object.get(image, "ImageId", input.resource.name)

unknown contains msg if {
	not is_boolean(object.get(image, "Public", null))
	msg := sprintf("AMI %s: Public was not reported", [id])
}

deny contains {"msg": msg} if {
	image.Public == true
	msg := sprintf("AMI %s (%s) is public", [id, object.get(image, "Name", "")])
}
