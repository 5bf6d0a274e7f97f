# METADATA
# title: EC2 instance has no IAM instance profile
# description: >-
#   The instance has no IAM role attached through an instance profile, so software on it that
#   calls AWS has to use long-lived access keys stored on disk or in user data instead of the
#   temporary, automatically rotated credentials of an instance role. Terminated instances do not
#   apply; stopped ones do, since they can be started again.
# custom:
#   id: aws-ec2-instance-without-role
#   severity: medium
#   resource_types: [aws.ec2.instance]
#   remediation: |-
#     Console: EC2 > Instances > select the instance > Actions > Security > Modify IAM role > choose
#     an instance profile whose role grants what the workload needs (create one under IAM > Roles >
#     Create role > AWS service > EC2) > Update IAM role; then remove any access keys stored on the
#     instance.
#     CLI: aws ec2 associate-iam-instance-profile --instance-id <id>
#     --iam-instance-profile Name=<profile-name>
package stance.rules.aws.ec2.instance_without_role

import rego.v1

config := input.resource.config

not_applicable if config.State.Name in {"shutting-down", "terminated"}

deny contains {"msg": msg} if {
	not config.IamInstanceProfile.Arn
	msg := sprintf("EC2 instance %s (%s) has no IAM instance profile", [config.InstanceId, object.get(config, ["State", "Name"], "unknown state")])
}
