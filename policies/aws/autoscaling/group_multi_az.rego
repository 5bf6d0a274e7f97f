# METADATA
# title: Auto Scaling group launches instances in a single Availability Zone
# description: >-
#   All instances of the group run in one Availability Zone, so an outage of that zone takes
#   down the whole group.
# custom:
#   id: aws-autoscaling-group-multi-az
#   severity: medium
#   resource_types: [aws.autoscaling.group]
#   remediation: |-
#     Console: EC2 > Auto Scaling groups > the group > Details > Network > Edit > add subnets in other
#       Availability Zones > Update.
#       CLI: aws autoscaling update-auto-scaling-group --auto-scaling-group-name <name> --vpc-zone-identifier
#       "<subnet-a>,<subnet-b>"
package stance.rules.aws.autoscaling.group_multi_az

import rego.v1

group := input.resource.config

name := object.get(group, "AutoScalingGroupName", input.resource.name)

unknown contains msg if {
	not is_array(object.get(group, "AvailabilityZones", null))
	msg := sprintf("Auto Scaling group %s: its Availability Zones were not reported", [name])
}

deny contains {"msg": msg} if {
	count(group.AvailabilityZones) < 2
	msg := sprintf("Auto Scaling group %s uses %d Availability Zone(s)", [name, count(group.AvailabilityZones)])
}
