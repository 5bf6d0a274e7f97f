package stance.rules.aws.cloudwatch.security_group_changes_test

import data.stance.lib.testing.cloudwatch as cw
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudwatch.security_group_changes as rule
import rego.v1

# The CIS filter pattern, and the same without one of its terms.
pattern := `{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }`

lacking := `{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) }`

cases := array.concat(cw.cases(pattern, lacking), [{"name": "with ModifySecurityGroupRules as well", "expect": "pass", "input": cw.monitored([cw.alarmed_filter("cis", `{ ($.eventName = AuthorizeSecurityGroupIngress) || ($.eventName = AuthorizeSecurityGroupEgress) || ($.eventName = RevokeSecurityGroupIngress) || ($.eventName = RevokeSecurityGroupEgress) || ($.eventName = CreateSecurityGroup) || ($.eventName = DeleteSecurityGroup) || ($.eventName = ModifySecurityGroupRules) }`)])}])

test_cases if harness.check_cases("aws.cloudwatch.security_group_changes", cases)

test_message_names_the_missing_term if {
	some finding in rule.deny with input as cw.monitored([cw.alarmed_filter("cis", lacking)])
	finding.msg == `security group changes are not monitored in region eu-west-1: trail org-trail: filter cis lacks $.eventName = RevokeSecurityGroupEgress`
}
