# METADATA
# title: EC2 launch template does not require IMDSv2
# description: >-
#   The default version of the launch template does not set HttpTokens "required", so its
#   instances accept IMDSv1 requests unless the AMI or the account default says otherwise, and a
#   server-side request forgery can read their role credentials.
# custom:
#   id: aws-ec2-launch-template-imdsv2
#   severity: high
#   resource_types: [aws.ec2.launch_template]
#   remediation: |-
#     Console: EC2 > Launch templates > select the template > Actions > Modify template (Create new version) >
#       Advanced details > Metadata version "V2 only (token required)" > Create; then Actions > Set default version.
#       CLI: aws ec2 create-launch-template-version --launch-template-id <id> --source-version <n>
#       --launch-template-data '{"MetadataOptions":{"HttpTokens":"required","HttpEndpoint":"enabled"}}';
#       aws ec2 modify-launch-template --launch-template-id <id> --default-version <new>
package stance.rules.aws.ec2.launch_template_imdsv2

import rego.v1

template := input.resource.config

name := object.get(template, "LaunchTemplateName", input.resource.name)

template_data := object.get(template, "LaunchTemplateData", null)

unknown contains msg if {
	not is_object(template_data)
	msg := sprintf("launch template %s: its default version's data was not reported", [name])
}

options := object.get(template_data, "MetadataOptions", {})

protected if options.HttpTokens == "required"

protected if options.HttpEndpoint == "disabled"

deny contains {"msg": msg} if {
	is_object(template_data)
	not protected
	msg := sprintf("launch template %s (version %v) does not require IMDSv2 (HttpTokens %s)", [name, object.get(template, "VersionNumber", "?"), object.get(options, "HttpTokens", "not set")])
}
