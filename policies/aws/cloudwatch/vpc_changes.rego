# METADATA
# title: VPC changes are not monitored
# description: >-
#   No metric filter on the CloudWatch Logs group of a multi-region CloudTrail trail (logging, with
#   all management events) matches VPCs created, deleted or modified, VPC peering connections
#   requested, accepted, rejected or deleted, and ClassicLink changes, with an alarm that notifies
#   an SNS topic someone has subscribed to. A new peering connection or VPC attribute change can
#   connect networks that were meant to stay apart. CIS AWS Foundations v7.0.0 5.14 (v5.0.0: 4.14).
#   The filter must contain each condition the rule lists from the CIS pattern (quotes and spacing
#   do not matter); other conditions may be added.
# custom:
#   id: aws-cloudwatch-vpc-changes-monitored
#   severity: medium
#   resource_types: [aws.cloudtrail.region]
#   remediation: |-
#     Console: CloudTrail > Trails > select the multi-region trail > CloudWatch Logs > Edit: enable
#     it and choose a log group. CloudWatch > Log groups > that group > Metric filters > Create metric
#     filter with the pattern below, metric namespace CISBenchmark, metric name vpc-changes, value 1;
#     then select the filter > Create alarm: Sum >= 1 over 5 minutes, notifying an SNS topic with a
#     confirmed subscription (SNS > Topics > Create topic > Create subscription, then confirm it).
#     Pattern:
#     { ($.eventName = CreateVpc) || ($.eventName = DeleteVpc) || ($.eventName = ModifyVpcAttribute) || ($.eventName = AcceptVpcPeeringConnection) || ($.eventName = CreateVpcPeeringConnection) || ($.eventName = DeleteVpcPeeringConnection) || ($.eventName = RejectVpcPeeringConnection) || ($.eventName = AttachClassicLinkVpc) || ($.eventName = DetachClassicLinkVpc) || ($.eventName = DisableVpcClassicLink) || ($.eventName = EnableVpcClassicLink) }
#     CLI: aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name vpc-changes
#     --metric-transformations metricName=vpc-changes,metricNamespace=CISBenchmark,metricValue=1
#     --filter-pattern '<pattern>';
#     aws sns create-topic --name <topic>; aws sns subscribe --topic-arn <topic-arn> --protocol email
#     --notification-endpoint <address> (and confirm the subscription);
#     aws cloudwatch put-metric-alarm --alarm-name vpc-changes --metric-name vpc-changes --namespace CISBenchmark
#     --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
#     --evaluation-periods 1 --alarm-actions <topic-arn>
package stance.rules.aws.cloudwatch.vpc_changes

import data.stance.lib.cloudwatch
import rego.v1

events := "VPC changes"

# The comparisons of the CIS filter pattern that a metric filter must contain.
terms := [
	`$.eventName = CreateVpc`,
	`$.eventName = DeleteVpc`,
	`$.eventName = ModifyVpcAttribute`,
	`$.eventName = AcceptVpcPeeringConnection`,
	`$.eventName = CreateVpcPeeringConnection`,
	`$.eventName = DeleteVpcPeeringConnection`,
	`$.eventName = RejectVpcPeeringConnection`,
	`$.eventName = AttachClassicLinkVpc`,
	`$.eventName = DetachClassicLinkVpc`,
	`$.eventName = DisableVpcClassicLink`,
	`$.eventName = EnableVpcClassicLink`,
]

unknown contains msg if {
	some msg in cloudwatch.unknown(input.resource, events, terms)
}

deny contains {"msg": msg} if {
	some msg in cloudwatch.problems(input.resource, events, terms)
}
