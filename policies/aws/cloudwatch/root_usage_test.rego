package stance.rules.aws.cloudwatch.root_usage_test

import data.stance.lib.testing.cloudwatch as cw
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudwatch.root_usage as rule
import rego.v1

# The CIS filter pattern, and the same without one of its terms.
pattern := `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`

lacking := `{ $.userIdentity.type = "Root" && $.eventType != "AwsServiceEvent" }`

cases := array.concat(cw.cases(pattern, lacking), [
	{"name": "terms in parentheses", "expect": "pass", "input": cw.monitored([cw.alarmed_filter("cis", `{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != "AwsServiceEvent") }`)])},
	{"name": "IAM users instead of root", "expect": "fail", "input": cw.monitored([cw.alarmed_filter("cis", `{ $.userIdentity.type = "IAMUser" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`)])},
])

test_cases if harness.check_cases("aws.cloudwatch.root_usage", cases)

test_message_names_the_missing_term if {
	some finding in rule.deny with input as cw.monitored([cw.alarmed_filter("cis", lacking)])
	finding.msg == `uses of the root user are not monitored in region eu-west-1: trail org-trail: filter cis lacks $.userIdentity.invokedBy NOT EXISTS`
}
