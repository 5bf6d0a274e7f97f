# METADATA
# title: EC2 launch template gives instances public IP addresses
# description: >-
#   A network interface of the launch template's default version has AssociatePublicIpAddress
#   true, so every instance launched from it is addressable from the internet.
# custom:
#   id: aws-ec2-launch-template-public-ip
#   severity: high
#   resource_types: [aws.ec2.launch_template]
#   remediation: |-
#     Console: EC2 > Launch templates > select the template > Actions > Modify template (Create new version) >
#       Network settings > Advanced network configuration > Auto-assign public IP "Disable" > Create; then
#       Actions > Set default version.
#       CLI: aws ec2 create-launch-template-version --launch-template-id <id> --source-version <n>
#       --launch-template-data '{"NetworkInterfaces":[{"DeviceIndex":0,"AssociatePublicIpAddress":false}]}';
#       aws ec2 modify-launch-template --launch-template-id <id> --default-version <new>
package stance.rules.aws.ec2.launch_template_public_ip

import rego.v1

template := input.resource.config

name := object.get(template, "LaunchTemplateName", input.resource.name)

template_data := object.get(template, "LaunchTemplateData", null)

unknown contains msg if {
	not is_object(template_data)
	msg := sprintf("launch template %s: its default version's data was not reported", [name])
}

deny contains {"msg": msg} if {
	some eni in object.get(template_data, "NetworkInterfaces", [])
	eni.AssociatePublicIpAddress == true
	msg := sprintf("launch template %s (version %v) assigns a public IP address to network interface %v", [name, object.get(template, "VersionNumber", "?"), object.get(eni, "DeviceIndex", 0)])
}
