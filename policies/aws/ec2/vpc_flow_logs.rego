# METADATA
# title: VPC has no active flow log capturing rejected traffic
# description: >-
#   The VPC has no ACTIVE flow log whose traffic type is REJECT or ALL, so denied connection
#   attempts (scans, blocked exfiltration, misconfigured peers) leave no record.
# custom:
#   id: aws-ec2-vpc-flow-logs
#   severity: medium
#   resource_types: [aws.ec2.vpc]
#   remediation: |-
#     Console: VPC > Your VPCs > select the VPC > Flow logs > Create flow log > Filter "Reject" (or
#     "All") > destination CloudWatch Logs (with an IAM role allowed to publish) or an S3 bucket >
#     Create flow log.
#     CLI: aws ec2 create-flow-logs --resource-type VPC --resource-ids <vpc-id> --traffic-type REJECT
#     --log-destination-type s3 --log-destination arn:aws:s3:::<bucket>
#     (or --log-group-name <group> --deliver-logs-permission-arn <role-arn> for CloudWatch Logs)
package stance.rules.aws.ec2.vpc_flow_logs

import rego.v1

config := input.resource.config

flow_logs := object.get(config, "FlowLogs", [])

good_flow_log if {
	some flow_log in flow_logs
	flow_log.FlowLogStatus == "ACTIVE"
	flow_log.TrafficType in {"REJECT", "ALL"}
}

unknown contains msg if {
	not is_array(object.get(config, "FlowLogs", null))
	msg := sprintf("VPC %s: its flow logs were not reported", [object.get(config, "VpcId", input.resource.name)])
}

deny contains {"msg": msg} if {
	is_array(config.FlowLogs)
	count(flow_logs) == 0
	msg := sprintf("VPC %s has no flow log", [config.VpcId])
}

deny contains {"msg": msg} if {
	count(flow_logs) > 0
	not good_flow_log
	found := concat(", ", sort([sprintf("%v %v %v", [object.get(f, "FlowLogId", "?"), object.get(f, "FlowLogStatus", "?"), object.get(f, "TrafficType", "?")]) | some f in flow_logs]))
	msg := sprintf("VPC %s has no active flow log of REJECT or ALL traffic (%s)", [config.VpcId, found])
}
