# METADATA
# title: Auto Scaling group depends on a single instance type
# description: >-
#   The group launches one instance type only (no mixed instances policy with several types), so
#   a shortage of that type in a zone stops it from scaling or replacing instances.
# custom:
#   id: aws-autoscaling-group-multiple-instance-types
#   severity: medium
#   resource_types: [aws.autoscaling.group]
#   remediation: |-
#     Console: EC2 > Auto Scaling groups > the group > Details > Instance type requirements > Edit >
#       "Override launch template" > add two or more instance types (or attribute-based requirements) > Update.
#       CLI: aws autoscaling update-auto-scaling-group --auto-scaling-group-name <name> --mixed-instances-policy
#       file://policy.json (LaunchTemplate.Overrides with two or more InstanceType entries)
package stance.rules.aws.autoscaling.group_multiple_instance_types

import rego.v1

group := input.resource.config

name := object.get(group, "AutoScalingGroupName", input.resource.name)

overrides := object.get(group, ["MixedInstancesPolicy", "LaunchTemplate", "Overrides"], [])

types := {o.InstanceType | some o in overrides; o.InstanceType}

flexible if count(types) >= 2

flexible if {
	some o in overrides
	o.InstanceRequirements
}

deny contains {"msg": msg} if {
	not flexible
	msg := sprintf("Auto Scaling group %s launches a single instance type", [name])
}
