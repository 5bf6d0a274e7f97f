# METADATA
# title: EBS snapshot can be restored by anyone
# description: >-
#   The snapshot's create-volume permission includes the group "all": any AWS account can copy
#   it into a volume and read every block of the disk it was taken from.
# custom:
#   id: aws-ec2-snapshot-public
#   severity: critical
#   resource_types: [aws.ec2.snapshot]
#   remediation: |-
#     Console: EC2 > Snapshots > select the snapshot > Actions > Snapshot settings > Modify permissions >
#       Private > Save changes (and turn on EC2 > Data protection > Block public access for snapshots).
#       CLI: aws ec2 modify-snapshot-attribute --snapshot-id <id> --attribute createVolumePermission
#       --operation-type remove --group-names all; aws ec2 enable-snapshot-block-public-access --state block-all-sharing
package stance.rules.aws.ec2.snapshot_public

import rego.v1

snap := input.resource.config

id := object.get(snap, "SnapshotId", input.resource.name)

unknown contains msg if {
	not is_boolean(object.get(snap, ["stance", "restorableByAll"], null))
	msg := sprintf("EBS snapshot %s: whether anyone may restore it was not collected", [id])
}

deny contains {"msg": msg} if {
	snap.stance.restorableByAll == true
	msg := sprintf("EBS snapshot %s is public: any AWS account can create a volume from it", [id])
}
