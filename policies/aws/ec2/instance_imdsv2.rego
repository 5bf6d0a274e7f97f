# METADATA
# title: EC2 instance metadata service accepts IMDSv1 requests
# description: >-
#   The instance metadata endpoint is enabled and HttpTokens is "optional", so plain GET requests
#   (IMDSv1) can read the instance role's credentials; a server-side request forgery in any
#   application on the instance is then enough to steal them. Requiring session tokens (IMDSv2) or
#   disabling the endpoint closes that path. Terminated instances do not apply.
# custom:
#   id: aws-ec2-instance-imdsv2
#   severity: medium
#   resource_types: [aws.ec2.instance]
#   remediation: |-
#     Check that the software on the instance uses a current AWS SDK/agent (IMDSv2-capable), then:
#     Console: EC2 > Instances > select the instance > Actions > Instance settings > Modify instance
#     metadata options > IMDSv2 "Required" > Save. For new instances, set it in launch templates
#     or account-wide (EC2 > Dashboard > Data protection and security > IMDS defaults).
#     CLI: aws ec2 modify-instance-metadata-options --instance-id <id> --http-tokens required
#     --http-endpoint enabled
package stance.rules.aws.ec2.instance_imdsv2

import rego.v1

config := input.resource.config

options := object.get(config, "MetadataOptions", null)

instance := object.get(config, "InstanceId", input.resource.name)

not_applicable if config.State.Name in {"shutting-down", "terminated"}

protected if options.HttpTokens == "required"

protected if options.HttpEndpoint == "disabled"

# DescribeInstances reports MetadataOptions with HttpTokens for every instance: without them the
# setting is unknown, never a failure (moto, for one, does not return them).
unknown contains msg if {
	not protected
	not is_string(object.get(config, ["MetadataOptions", "HttpTokens"], null))
	msg := sprintf("EC2 instance %s: MetadataOptions.HttpTokens was not reported", [instance])
}

deny contains {"msg": msg} if {
	not protected
	is_string(options.HttpTokens)
	msg := sprintf("EC2 instance %s accepts IMDSv1 requests (HttpTokens %s)", [instance, options.HttpTokens])
}
