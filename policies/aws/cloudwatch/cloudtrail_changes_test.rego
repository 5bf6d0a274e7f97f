package stance.rules.aws.cloudwatch.cloudtrail_changes_test

import data.stance.lib.testing.cloudwatch as cw
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudwatch.cloudtrail_changes as rule
import rego.v1

# The CIS filter pattern, and the same without one of its terms.
pattern := `{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging) }`

lacking := `{ ($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) }`

cases := array.concat(cw.cases(pattern, lacking), [{"name": "restricted to the CloudTrail event source", "expect": "pass", "input": cw.monitored([cw.alarmed_filter("cis", `{ ($.eventSource = cloudtrail.amazonaws.com) && (($.eventName = CreateTrail) || ($.eventName = UpdateTrail) || ($.eventName = DeleteTrail) || ($.eventName = StartLogging) || ($.eventName = StopLogging)) }`)])}])

test_cases if harness.check_cases("aws.cloudwatch.cloudtrail_changes", cases)

test_message_names_the_missing_term if {
	some finding in rule.deny with input as cw.monitored([cw.alarmed_filter("cis", lacking)])
	finding.msg == `CloudTrail configuration changes are not monitored in region eu-west-1: trail org-trail: filter cis lacks $.eventName = StopLogging`
}
