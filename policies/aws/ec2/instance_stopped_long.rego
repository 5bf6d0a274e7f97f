# METADATA
# title: EC2 instance has been stopped for more than 30 days
# description: >-
#   The instance was stopped over 30 days ago. Forgotten instances keep their volumes, roles and
#   security groups, miss patches, and come back unpatched when someone starts them.
# custom:
#   id: aws-ec2-instance-stopped-long
#   severity: medium
#   resource_types: [aws.ec2.instance]
#   remediation: |-
#     Decide whether the instance is still needed: if not, create an AMI or snapshot for the record and
#       terminate it.
#       Console: EC2 > Instances > select the instance > Instance state > Terminate instance.
#       CLI: aws ec2 create-image --instance-id <id> --name <name>-final; aws ec2 terminate-instances --instance-ids <id>
package stance.rules.aws.ec2.instance_stopped_long

import rego.v1

import data.stance.lib.dates

instance := input.resource.config

id := object.get(instance, "InstanceId", input.resource.name)

not_applicable if instance.State.Name != "stopped"

# "User initiated (2025-08-01 10:20:30 GMT)": when the instance was stopped (moto writes UTC).
stopped_at := concat("", [m[1], "Z"]) if {
	some m in regex.find_all_string_submatch_n(`\((\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}) (?:GMT|UTC)\)`, object.get(instance, "StateTransitionReason", ""), 1)
}

unknown contains msg if {
	instance.State.Name == "stopped"
	not stopped_at
	msg := sprintf("EC2 instance %s: when it was stopped was not reported (StateTransitionReason %q)", [id, object.get(instance, "StateTransitionReason", "")])
}

deny contains {"msg": msg} if {
	instance.State.Name == "stopped"
	days := dates.age_days(stopped_at, input.context.now_ns)
	days > 30
	msg := sprintf("EC2 instance %s has been stopped for %d days (since %s)", [id, days, stopped_at])
}
