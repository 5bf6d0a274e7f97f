package stance.rules.aws.cloudwatch.cmk_deletion_test

import data.stance.lib.testing.cloudwatch as cw
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudwatch.cmk_deletion as rule
import rego.v1

# The CIS filter pattern, and the same without one of its terms.
pattern := `{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion)) }`

lacking := `{ ($.eventSource = kms.amazonaws.com) && ($.eventName = DisableKey) }`

cases := array.concat(cw.cases(pattern, lacking), [
	{"name": "event names without the event source", "expect": "pass", "input": cw.monitored([cw.alarmed_filter("cis", `{ ($.eventName = DisableKey) || ($.eventName = ScheduleKeyDeletion) }`)])},
	{"name": "key creation instead of deletion", "expect": "fail", "input": cw.monitored([cw.alarmed_filter("cis", `{ ($.eventSource = kms.amazonaws.com) && (($.eventName = DisableKey) || ($.eventName = CreateKey)) }`)])},
])

test_cases if harness.check_cases("aws.cloudwatch.cmk_deletion", cases)

test_message_names_the_missing_term if {
	some finding in rule.deny with input as cw.monitored([cw.alarmed_filter("cis", lacking)])
	finding.msg == `disabling and scheduled deletion of KMS keys are not monitored in region eu-west-1: trail org-trail: filter cis lacks $.eventName = ScheduleKeyDeletion`
}
