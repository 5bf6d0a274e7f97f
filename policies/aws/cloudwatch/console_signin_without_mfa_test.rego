package stance.rules.aws.cloudwatch.console_signin_without_mfa_test

import data.stance.lib.testing.cloudwatch as cw
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudwatch.console_signin_without_mfa as rule
import rego.v1

# The CIS filter pattern, and the same without one of its terms.
pattern := `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") }`

lacking := `{ ($.eventName = "ConsoleLogin") }`

cases := array.concat(cw.cases(pattern, lacking), [
	{"name": "variant for IAM users signing in successfully (SSO excluded)", "expect": "pass", "input": cw.monitored([cw.alarmed_filter("cis", `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }`)])},
	{"name": "sign-ins with MFA instead of without", "expect": "fail", "input": cw.monitored([cw.alarmed_filter("cis", `{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed = "Yes") }`)])},
])

test_cases if harness.check_cases("aws.cloudwatch.console_signin_without_mfa", cases)

test_message_names_the_missing_term if {
	some finding in rule.deny with input as cw.monitored([cw.alarmed_filter("cis", lacking)])
	finding.msg == `console sign-ins without MFA are not monitored in region eu-west-1: trail org-trail: filter cis lacks $.additionalEventData.MFAUsed != "Yes"`
}
