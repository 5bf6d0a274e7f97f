package stance.rules.aws.cloudwatch.s3_policy_changes_test

import data.stance.lib.testing.cloudwatch as cw
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudwatch.s3_policy_changes as rule
import rego.v1

# The CIS filter pattern, and the same without one of its terms.
pattern := `{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketAcl) || ($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }`

lacking := `{ ($.eventSource = s3.amazonaws.com) && (($.eventName = PutBucketPolicy) || ($.eventName = PutBucketCors) || ($.eventName = PutBucketLifecycle) || ($.eventName = PutBucketReplication) || ($.eventName = DeleteBucketPolicy) || ($.eventName = DeleteBucketCors) || ($.eventName = DeleteBucketLifecycle) || ($.eventName = DeleteBucketReplication)) }`

cases := array.concat(cw.cases(pattern, lacking), [])

test_cases if harness.check_cases("aws.cloudwatch.s3_policy_changes", cases)

test_message_names_the_missing_term if {
	some finding in rule.deny with input as cw.monitored([cw.alarmed_filter("cis", lacking)])
	finding.msg == `S3 bucket policy changes are not monitored in region eu-west-1: trail org-trail: filter cis lacks $.eventName = PutBucketAcl`
}
