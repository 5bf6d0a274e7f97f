# METADATA
# title: Security group is not used by any network interface
# description: >-
#   No network interface (instance, load balancer, endpoint, function) uses the security group.
#   Unused groups clutter reviews and can be attached later with rules nobody remembers.
# custom:
#   id: aws-ec2-sg-unused
#   severity: low
#   resource_types: [aws.ec2.security_group]
#   remediation: |-
#     Check the group is not referenced by other groups or kept for a planned deployment, then delete it.
#       Console: EC2 > Security Groups > select the group > Actions > Delete security groups.
#       CLI: aws ec2 delete-security-group --group-id <id>
package stance.rules.aws.ec2.sg_unused

import rego.v1

group := input.resource.config

id := object.get(group, "GroupId", input.resource.name)

use := object.get(group, ["stance", "networkInterfaces"], {"collected": false})

# A VPC's default group cannot be deleted.
not_applicable if group.GroupName == "default"

unknown contains msg if {
	use.collected != true
	msg := sprintf("security group %s: the network interfaces using it were not collected", [id])
}

deny contains {"msg": msg} if {
	use.collected == true
	count(use.ids) == 0
	msg := sprintf("security group %s (%s) is not attached to any network interface", [id, object.get(group, "GroupName", "")])
}
