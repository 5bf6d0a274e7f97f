# METADATA
# title: Auto Scaling launch configuration lets metadata responses travel more than one hop
# description: >-
#   The metadata response hop limit is above 1, so containers and forwarded traffic on the
#   instances can reach the instance metadata service and its credentials.
# custom:
#   id: aws-autoscaling-launch-config-hop-limit
#   severity: high
#   resource_types: [aws.autoscaling.launch_configuration]
#   remediation: |-
#     Create a launch template or launch configuration with HttpPutResponseHopLimit 1 and switch the group to it.
#       Console: EC2 > Launch templates > Create launch template > Advanced details > Metadata response hop limit 1.
#       CLI: aws autoscaling create-launch-configuration --launch-configuration-name <new> --image-id <ami>
#       --instance-type <type> --metadata-options HttpTokens=required,HttpPutResponseHopLimit=1;
#       aws autoscaling update-auto-scaling-group --auto-scaling-group-name <group> --launch-configuration-name <new>
package stance.rules.aws.autoscaling.launch_config_hop_limit

import rego.v1

lc := input.resource.config

name := object.get(lc, "LaunchConfigurationName", input.resource.name)

# Unset, the hop limit is 1.
limit := object.get(lc, ["MetadataOptions", "HttpPutResponseHopLimit"], 1)

deny contains {"msg": msg} if {
	limit > 1
	msg := sprintf("launch configuration %s has metadata response hop limit %d", [name, limit])
}
