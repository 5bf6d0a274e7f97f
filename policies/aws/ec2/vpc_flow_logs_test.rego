package stance.rules.aws.ec2.vpc_flow_logs_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.ec2.vpc_flow_logs as rule
import rego.v1

flow_log(status, traffic) := {
	"FlowLogId": "fl-0123456789abcdef0",
	"FlowLogStatus": status,
	"DeliverLogsStatus": "SUCCESS",
	"ResourceId": "vpc-0123456789abcdef0",
	"TrafficType": traffic,
	"LogDestinationType": "s3",
	"LogDestination": "arn:aws:s3:::acme-flow-logs",
	"CreationTime": "2024-02-01T10:00:00Z",
	"MaxAggregationInterval": 600,
}

vpc(flow_logs) := fx.resource("aws.ec2.vpc", "arn:aws:ec2:eu-west-1:111122223333:vpc/vpc-0123456789abcdef0", "main", "eu-west-1", {
	"VpcId": "vpc-0123456789abcdef0",
	"CidrBlock": "10.0.0.0/16",
	"State": "available",
	"IsDefault": false,
	"OwnerId": "111122223333",
	"Tags": [{"Key": "Name", "Value": "main"}],
	"FlowLogs": flow_logs,
})

cases := [
	{"name": "active flow log of all traffic", "expect": "pass", "input": vpc([flow_log("ACTIVE", "ALL")])},
	{"name": "active flow log of rejected traffic", "expect": "pass", "input": vpc([flow_log("ACTIVE", "REJECT")])},
	{"name": "no flow log", "expect": "fail", "input": vpc([])},
	{"name": "accepted traffic only", "expect": "fail", "input": vpc([flow_log("ACTIVE", "ACCEPT")])},
	{"name": "flow log not active", "expect": "fail", "input": vpc([flow_log("INACTIVE", "ALL")])},
	{"name": "flow logs not reported: error, never no flow log", "expect": "error", "input": json.remove(vpc([]), ["resource/config/FlowLogs"])},
]

test_cases if harness.check_cases("aws.ec2.vpc_flow_logs", cases)

test_message if {
	some finding in rule.deny with input as vpc([flow_log("ACTIVE", "ACCEPT")])
	finding.msg == "VPC vpc-0123456789abcdef0 has no active flow log of REJECT or ALL traffic (fl-0123456789abcdef0 ACTIVE ACCEPT)"
}
