# METADATA
# title: EC2 instance uses paravirtual virtualization
# description: >-
#   The instance runs a paravirtual (PV) AMI, a legacy virtualization type limited to previous-
#   generation instance types that no longer receive the platform's security improvements.
# custom:
#   id: aws-ec2-instance-paravirtual
#   severity: medium
#   resource_types: [aws.ec2.instance]
#   remediation: |-
#     Rebuild the workload on an HVM AMI and a current-generation instance type, then terminate the PV
#       instance.
#       Console: EC2 > Launch instance > an HVM AMI (every current AMI is HVM).
#       CLI: aws ec2 run-instances --image-id <hvm-ami> --instance-type <current-type> ...; aws ec2
#       terminate-instances --instance-ids <pv-instance>
package stance.rules.aws.ec2.instance_paravirtual

import rego.v1

instance := input.resource.config

id := object.get(instance, "InstanceId", input.resource.name)

not_applicable if instance.State.Name in {"shutting-down", "terminated"}

unknown contains msg if {
	not is_string(object.get(instance, "VirtualizationType", null))
	msg := sprintf("EC2 instance %s: VirtualizationType was not reported", [id])
}

deny contains {"msg": msg} if {
	instance.VirtualizationType == "paravirtual"
	msg := sprintf("EC2 instance %s uses paravirtual virtualization", [id])
}
