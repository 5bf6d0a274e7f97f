package stance.rules.aws.cloudwatch.unauthorized_api_calls_test

import data.stance.lib.testing.cloudwatch as cw
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudwatch.unauthorized_api_calls as rule
import rego.v1

# The CIS filter pattern, and the same without one of its terms.
pattern := `{ (($.errorCode = "*UnauthorizedOperation") || ($.errorCode = "AccessDenied*")) && ($.sourceIPAddress != "delivery.logs.amazonaws.com") && ($.eventName != "HeadBucket") }`

lacking := `{ ($.errorCode = "*UnauthorizedOperation") && ($.sourceIPAddress != "delivery.logs.amazonaws.com") }`

cases := array.concat(cw.cases(pattern, lacking), [
	{"name": "the two error codes alone, compact", "expect": "pass", "input": cw.monitored([cw.alarmed_filter("cis", `{($.errorCode="*UnauthorizedOperation")||($.errorCode="AccessDenied*")}`)])},
	{"name": "error codes without their wildcards", "expect": "fail", "input": cw.monitored([cw.alarmed_filter("cis", `{ ($.errorCode = "UnauthorizedOperation") || ($.errorCode = "AccessDenied") }`)])},
])

test_cases if harness.check_cases("aws.cloudwatch.unauthorized_api_calls", cases)

test_message_names_the_missing_term if {
	some finding in rule.deny with input as cw.monitored([cw.alarmed_filter("cis", lacking)])
	finding.msg == `unauthorized API calls are not monitored in region eu-west-1: trail org-trail: filter cis lacks $.errorCode = "AccessDenied*"`
}
