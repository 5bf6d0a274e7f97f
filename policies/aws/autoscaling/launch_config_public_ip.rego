# METADATA
# title: Auto Scaling launch configuration gives instances public IP addresses
# description: >-
#   AssociatePublicIpAddress is true, so every instance the group launches is directly
#   addressable from the internet.
# custom:
#   id: aws-autoscaling-launch-config-public-ip
#   severity: high
#   resource_types: [aws.autoscaling.launch_configuration]
#   remediation: |-
#     Create a launch template or launch configuration without a public address (AssociatePublicIpAddress
#       false), put the group in private subnets behind a load balancer or NAT, and switch the group to it.
#       CLI: aws autoscaling create-launch-configuration --launch-configuration-name <new> --image-id <ami>
#       --instance-type <type> --no-associate-public-ip-address; aws autoscaling update-auto-scaling-group
#       --auto-scaling-group-name <group> --launch-configuration-name <new>
package stance.rules.aws.autoscaling.launch_config_public_ip

import rego.v1

lc := input.resource.config

name := object.get(lc, "LaunchConfigurationName", input.resource.name)

deny contains {"msg": msg} if {
	lc.AssociatePublicIpAddress == true
	msg := sprintf("launch configuration %s assigns public IP addresses", [name])
}
