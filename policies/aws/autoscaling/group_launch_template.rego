# METADATA
# title: Auto Scaling group still uses a launch configuration
# description: >-
#   The group launches instances from a launch configuration; launch configurations are
#   deprecated, get no new EC2 features (IMDSv2 defaults, newer instance types) and should be
#   replaced by launch templates.
# custom:
#   id: aws-autoscaling-group-launch-template
#   severity: medium
#   resource_types: [aws.autoscaling.group]
#   remediation: |-
#     Console: EC2 > Auto Scaling groups > the group > Launch configurations > Copy to launch template; then
#       the group > Details > Launch template > Edit > choose the new template > Update.
#       CLI: aws ec2 create-launch-template --launch-template-name <name> --launch-template-data file://data.json;
#       aws autoscaling update-auto-scaling-group --auto-scaling-group-name <name> --launch-template
#       LaunchTemplateName=<name>,Version='$Default'
package stance.rules.aws.autoscaling.group_launch_template

import rego.v1

group := input.resource.config

name := object.get(group, "AutoScalingGroupName", input.resource.name)

deny contains {"msg": msg} if {
	lc := object.get(group, "LaunchConfigurationName", "")
	lc != ""
	msg := sprintf("Auto Scaling group %s launches from launch configuration %s", [name, lc])
}
