package stance.rules.aws.cloudwatch.console_auth_failures_test

import data.stance.lib.testing.cloudwatch as cw
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudwatch.console_auth_failures as rule
import rego.v1

# The CIS filter pattern, and the same without one of its terms.
pattern := `{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }`

lacking := `{ ($.eventName = ConsoleLogin) }`

cases := array.concat(cw.cases(pattern, lacking), [{"name": "event name quoted", "expect": "pass", "input": cw.monitored([cw.alarmed_filter("cis", `{ ($.eventName = "ConsoleLogin") && ($.errorMessage = "Failed authentication") }`)])}])

test_cases if harness.check_cases("aws.cloudwatch.console_auth_failures", cases)

test_message_names_the_missing_term if {
	some finding in rule.deny with input as cw.monitored([cw.alarmed_filter("cis", lacking)])
	finding.msg == `console authentication failures are not monitored in region eu-west-1: trail org-trail: filter cis lacks $.errorMessage = "Failed authentication"`
}
