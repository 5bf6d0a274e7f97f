# METADATA
# title: EC2 instance has more than one network interface
# description: >-
#   Several network interfaces can bridge subnets or security zones that are meant to be
#   separated, and make the instance's network exposure harder to reason about.
# custom:
#   id: aws-ec2-instance-multiple-enis
#   severity: low
#   resource_types: [aws.ec2.instance]
#   remediation: |-
#     Confirm the extra interface is needed (appliances, dual-homed management); if not, detach and delete it.
#       Console: EC2 > Network interfaces > select the secondary interface > Actions > Detach, then Delete.
#       CLI: aws ec2 detach-network-interface --attachment-id <attachment>; aws ec2 delete-network-interface
#       --network-interface-id <eni>
package stance.rules.aws.ec2.instance_multiple_enis

import rego.v1

instance := input.resource.config

id := object.get(instance, "InstanceId", input.resource.name)

not_applicable if instance.State.Name in {"shutting-down", "terminated"}

unknown contains msg if {
	not is_array(object.get(instance, "NetworkInterfaces", null))
	msg := sprintf("EC2 instance %s: its network interfaces were not reported", [id])
}

deny contains {"msg": msg} if {
	count(instance.NetworkInterfaces) > 1
	msg := sprintf("EC2 instance %s has %d network interfaces", [id, count(instance.NetworkInterfaces)])
}
