# METADATA
# title: Console sign-ins without MFA are not monitored
# description: >-
#   No metric filter on the CloudWatch Logs group of a multi-region CloudTrail trail (logging, with
#   all management events) matches AWS Management Console sign-ins that did not use multi-factor
#   authentication, with an alarm that notifies an SNS topic someone has subscribed to. A
#   password-only console sign-in is how a phished or reused password turns into account access. CIS
#   AWS Foundations v7.0.0 5.2 (v5.0.0: 4.2). The filter must contain each condition the rule lists
#   from the CIS pattern (quotes and spacing do not matter); other conditions may be added.
# custom:
#   id: aws-cloudwatch-console-signin-without-mfa-monitored
#   severity: medium
#   resource_types: [aws.cloudtrail.region]
#   remediation: |-
#     Console: CloudTrail > Trails > select the multi-region trail > CloudWatch Logs > Edit: enable
#     it and choose a log group. CloudWatch > Log groups > that group > Metric filters > Create metric
#     filter with the pattern below, metric namespace CISBenchmark, metric name console-signin-without-mfa, value 1;
#     then select the filter > Create alarm: Sum >= 1 over 5 minutes, notifying an SNS topic with a
#     confirmed subscription (SNS > Topics > Create topic > Create subscription, then confirm it).
#     Pattern:
#     { ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }
#     CLI: aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name console-signin-without-mfa
#     --metric-transformations metricName=console-signin-without-mfa,metricNamespace=CISBenchmark,metricValue=1
#     --filter-pattern '<pattern>';
#     aws sns create-topic --name <topic>; aws sns subscribe --topic-arn <topic-arn> --protocol email
#     --notification-endpoint <address> (and confirm the subscription);
#     aws cloudwatch put-metric-alarm --alarm-name console-signin-without-mfa --metric-name console-signin-without-mfa --namespace CISBenchmark
#     --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
#     --evaluation-periods 1 --alarm-actions <topic-arn>
package stance.rules.aws.cloudwatch.console_signin_without_mfa

import data.stance.lib.cloudwatch
import rego.v1

events := "console sign-ins without MFA"

# The comparisons of the CIS filter pattern that a metric filter must contain.
terms := [
	`$.eventName = "ConsoleLogin"`,
	`$.additionalEventData.MFAUsed != "Yes"`,
]

unknown contains msg if {
	some msg in cloudwatch.unknown(input.resource, events, terms)
}

deny contains {"msg": msg} if {
	some msg in cloudwatch.problems(input.resource, events, terms)
}
