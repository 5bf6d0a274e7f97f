# METADATA
# title: Attached EBS volume is not encrypted
# description: >-
#   An EBS volume in use by an instance is not encrypted at rest, nor are its snapshots.
# custom:
#   id: aws-ec2-volume-encrypted
#   severity: medium
#   resource_types: [aws.ec2.volume]
#   remediation: |-
#     Encryption cannot be turned on in place: snapshot the volume, copy the snapshot with encryption,
#       create a volume from it and swap it in (stop the instance, detach, attach).
#       Console: EC2 > Snapshots > the snapshot > Actions > Copy snapshot > Encrypt this snapshot; then Create
#       volume from snapshot. Turn on EBS encryption by default for new volumes.
#       CLI: aws ec2 create-snapshot --volume-id <id>; aws ec2 copy-snapshot --source-snapshot-id <snap>
#       --source-region <region> --encrypted; aws ec2 create-volume --snapshot-id <copy> --availability-zone <az>
package stance.rules.aws.ec2.volume_encrypted

import rego.v1

volume := input.resource.config

id := object.get(volume, "VolumeId", input.resource.name)

not_applicable if volume.State != "in-use"

unknown contains msg if {
	volume.State == "in-use"
	not is_boolean(object.get(volume, "Encrypted", null))
	msg := sprintf("EBS volume %s: Encrypted was not reported", [id])
}

deny contains {"msg": msg} if {
	volume.State == "in-use"
	volume.Encrypted == false
	msg := sprintf("EBS volume %s attached to %s is not encrypted", [id, concat(", ", [a.InstanceId | some a in object.get(volume, "Attachments", [])])])
}
