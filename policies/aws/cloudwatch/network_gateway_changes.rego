# METADATA
# title: Network gateway changes are not monitored
# description: >-
#   No metric filter on the CloudWatch Logs group of a multi-region CloudTrail trail (logging, with
#   all management events) matches internet gateways created, attached, detached or deleted, and
#   customer gateways created or deleted, with an alarm that notifies an SNS topic someone has
#   subscribed to. Gateways decide which traffic can leave or enter a VPC; a new one can open a path
#   around the intended network controls. CIS AWS Foundations v7.0.0 5.12 (v5.0.0: 4.12). The filter
#   must contain each condition the rule lists from the CIS pattern (quotes and spacing do not
#   matter); other conditions may be added.
# custom:
#   id: aws-cloudwatch-network-gateway-changes-monitored
#   severity: medium
#   resource_types: [aws.cloudtrail.region]
#   remediation: |-
#     Console: CloudTrail > Trails > select the multi-region trail > CloudWatch Logs > Edit: enable
#     it and choose a log group. CloudWatch > Log groups > that group > Metric filters > Create metric
#     filter with the pattern below, metric namespace CISBenchmark, metric name network-gateway-changes, value 1;
#     then select the filter > Create alarm: Sum >= 1 over 5 minutes, notifying an SNS topic with a
#     confirmed subscription (SNS > Topics > Create topic > Create subscription, then confirm it).
#     Pattern:
#     { ($.eventName = CreateCustomerGateway) || ($.eventName = DeleteCustomerGateway) || ($.eventName = AttachInternetGateway) || ($.eventName = CreateInternetGateway) || ($.eventName = DeleteInternetGateway) || ($.eventName = DetachInternetGateway) }
#     CLI: aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name network-gateway-changes
#     --metric-transformations metricName=network-gateway-changes,metricNamespace=CISBenchmark,metricValue=1
#     --filter-pattern '<pattern>';
#     aws sns create-topic --name <topic>; aws sns subscribe --topic-arn <topic-arn> --protocol email
#     --notification-endpoint <address> (and confirm the subscription);
#     aws cloudwatch put-metric-alarm --alarm-name network-gateway-changes --metric-name network-gateway-changes --namespace CISBenchmark
#     --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
#     --evaluation-periods 1 --alarm-actions <topic-arn>
package stance.rules.aws.cloudwatch.network_gateway_changes

import data.stance.lib.cloudwatch
import rego.v1

events := "network gateway changes"

# The comparisons of the CIS filter pattern that a metric filter must contain.
terms := [
	`$.eventName = CreateCustomerGateway`,
	`$.eventName = DeleteCustomerGateway`,
	`$.eventName = AttachInternetGateway`,
	`$.eventName = CreateInternetGateway`,
	`$.eventName = DeleteInternetGateway`,
	`$.eventName = DetachInternetGateway`,
]

unknown contains msg if {
	some msg in cloudwatch.unknown(input.resource, events, terms)
}

deny contains {"msg": msg} if {
	some msg in cloudwatch.problems(input.resource, events, terms)
}
