package stance.rules.aws.cloudwatch.config_changes_test

import data.stance.lib.testing.cloudwatch as cw
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudwatch.config_changes as rule
import rego.v1

# The CIS filter pattern, and the same without one of its terms.
pattern := `{ ($.eventSource = config.amazonaws.com) && (($.eventName = StopConfigurationRecorder) || ($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }`

lacking := `{ ($.eventSource = config.amazonaws.com) && (($.eventName = DeleteDeliveryChannel) || ($.eventName = PutDeliveryChannel) || ($.eventName = PutConfigurationRecorder)) }`

cases := array.concat(cw.cases(pattern, lacking), [])

test_cases if harness.check_cases("aws.cloudwatch.config_changes", cases)

test_message_names_the_missing_term if {
	some finding in rule.deny with input as cw.monitored([cw.alarmed_filter("cis", lacking)])
	finding.msg == `AWS Config configuration changes are not monitored in region eu-west-1: trail org-trail: filter cis lacks $.eventName = StopConfigurationRecorder`
}
