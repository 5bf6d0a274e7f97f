# METADATA
# title: S3 bucket policy changes are not monitored
# description: >-
#   No metric filter on the CloudWatch Logs group of a multi-region CloudTrail trail (logging, with
#   all management events) matches changes to S3 bucket policies, ACLs, CORS, lifecycle and
#   replication configuration, with an alarm that notifies an SNS topic someone has subscribed to.
#   One bucket policy or ACL change can make data public or hand it to another account. CIS AWS
#   Foundations v7.0.0 5.8 (v5.0.0: 4.8). The filter must contain each condition the rule lists from
#   the CIS pattern (quotes and spacing do not matter); other conditions may be added.
# custom:
#   id: aws-cloudwatch-s3-policy-changes-monitored
#   severity: medium
#   resource_types: [aws.cloudtrail.region]
#   remediation: |-
#     Console: CloudTrail > Trails > select the multi-region trail > CloudWatch Logs > Edit: enable
#     it and choose a log group. CloudWatch > Log groups > that group > Metric filters > Create metric
#     filter with the pattern below, metric namespace CISBenchmark, metric name s3-policy-changes, value 1;
#     then select the filter > Create alarm: Sum >= 1 over 5 minutes, notifying an SNS topic with a
#     confirmed subscription (SNS > Topics > Create topic > Create subscription, then confirm it).
#     Pattern:
#     { ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }
#     CLI: aws logs put-metric-filter --log-group-name <trail-log-group> --filter-name s3-policy-changes
#     --metric-transformations metricName=s3-policy-changes,metricNamespace=CISBenchmark,metricValue=1
#     --filter-pattern '<pattern>';
#     aws sns create-topic --name <topic>; aws sns subscribe --topic-arn <topic-arn> --protocol email
#     --notification-endpoint <address> (and confirm the subscription);
#     aws cloudwatch put-metric-alarm --alarm-name s3-policy-changes --metric-name s3-policy-changes --namespace CISBenchmark
#     --statistic Sum --period 300 --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold
#     --evaluation-periods 1 --alarm-actions <topic-arn>
package stance.rules.aws.cloudwatch.s3_policy_changes

import data.stance.lib.cloudwatch
import rego.v1

events := "S3 bucket policy changes"

# The comparisons of the CIS filter pattern that a metric filter must contain.
terms := [
	`$.eventName = PutBucketAcl`,
	`$.eventName = PutBucketPolicy`,
	`$.eventName = PutBucketCors`,
	`$.eventName = PutBucketLifecycle`,
	`$.eventName = PutBucketReplication`,
	`$.eventName = DeleteBucketPolicy`,
	`$.eventName = DeleteBucketCors`,
	`$.eventName = DeleteBucketLifecycle`,
	`$.eventName = DeleteBucketReplication`,
]

unknown contains msg if {
	some msg in cloudwatch.unknown(input.resource, events, terms)
}

deny contains {"msg": msg} if {
	some msg in cloudwatch.problems(input.resource, events, terms)
}
