# METADATA
# title: Auto Scaling launch configuration allows IMDSv1
# description: >-
#   Instances launched from the launch configuration accept IMDSv1 requests (HttpTokens
#   "optional", the default when the launch configuration sets no metadata options), so a
#   server-side request forgery can read their role credentials.
# custom:
#   id: aws-autoscaling-launch-config-imdsv2
#   severity: high
#   resource_types: [aws.autoscaling.launch_configuration]
#   remediation: |-
#     Launch configurations cannot be changed: create a launch template (preferred) or a new launch
#       configuration with IMDSv2 required and switch the group to it.
#       Console: EC2 > Launch templates > Create launch template > Advanced details > Metadata version "V2 only
#       (token required)"; then EC2 > Auto Scaling groups > the group > Edit > Launch template.
#       CLI: aws autoscaling create-launch-configuration --launch-configuration-name <new> --image-id <ami>
#       --instance-type <type> --metadata-options HttpTokens=required,HttpEndpoint=enabled,HttpPutResponseHopLimit=1;
#       aws autoscaling update-auto-scaling-group --auto-scaling-group-name <group> --launch-configuration-name <new>
package stance.rules.aws.autoscaling.launch_config_imdsv2

import rego.v1

lc := input.resource.config

name := object.get(lc, "LaunchConfigurationName", input.resource.name)

options := object.get(lc, "MetadataOptions", {})

protected if options.HttpTokens == "required"

protected if options.HttpEndpoint == "disabled"

deny contains {"msg": msg} if {
	not protected
	msg := sprintf("launch configuration %s allows IMDSv1 (HttpTokens %s)", [name, object.get(options, "HttpTokens", "optional, by default")])
}
