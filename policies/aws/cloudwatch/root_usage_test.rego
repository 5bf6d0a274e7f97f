package stance.rules.aws.cloudwatch.root_usage_test

import data.stance.lib.testing.cloudwatch as cw
import data.stance.rules.aws.cloudwatch.root_usage as rule
import rego.v1

# The CIS filter pattern, and the same without one of its terms.
pattern := `{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`

lacking := `{ $.userIdentity.type = "Root" && $.eventType != "AwsServiceEvent" }`

cases := array.concat(cw.cases(pattern, lacking), [
	{"name": "terms in parentheses", "expect": "pass", "input": cw.monitored([cw.alarmed_filter("cis", `{ ($.userIdentity.type = "Root") && ($.userIdentity.invokedBy NOT EXISTS) && ($.eventType != "AwsServiceEvent") }`)])},
	{"name": "IAM users instead of root", "expect": "fail", "input": cw.monitored([cw.alarmed_filter("cis", `{ $.userIdentity.type = "IAMUser" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }`)])},
])

test_message_names_the_missing_term if {
	some finding in rule.deny with input as cw.monitored([cw.alarmed_filter("cis", lacking)])
	finding.msg == `uses of the root user are not monitored in region eu-west-1: trail org-trail: filter cis lacks $.userIdentity.invokedBy NOT EXISTS`
}

default verdict(_) := "undefined"

unknown(case_input) if count(rule.unknown) > 0 with input as case_input

verdict(case_input) := "not_applicable" if rule.not_applicable with input as case_input

verdict(case_input) := "error" if {
	not rule.not_applicable with input as case_input
	unknown(case_input)
}

verdict(case_input) := "fail" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) > 0 with input as case_input
}

verdict(case_input) := "pass" if {
	not rule.not_applicable with input as case_input
	not unknown(case_input)
	count(rule.deny) == 0 with input as case_input
}

failures := [c.name | some c in cases; verdict(c.input) != c.expect]

test_cases if failures == []
