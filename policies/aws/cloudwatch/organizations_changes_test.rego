package stance.rules.aws.cloudwatch.organizations_changes_test

import data.stance.lib.testing.cloudwatch as cw
import data.stance.lib.testing.harness
import data.stance.rules.aws.cloudwatch.organizations_changes as rule
import rego.v1

# The CIS filter pattern, and the same without one of its terms.
pattern := `{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "LeaveOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }`

lacking := `{ ($.eventSource = organizations.amazonaws.com) && (($.eventName = "AcceptHandshake") || ($.eventName = "AttachPolicy") || ($.eventName = "CreateAccount") || ($.eventName = "CreateOrganizationalUnit") || ($.eventName = "CreatePolicy") || ($.eventName = "DeclineHandshake") || ($.eventName = "DeleteOrganization") || ($.eventName = "DeleteOrganizationalUnit") || ($.eventName = "DeletePolicy") || ($.eventName = "DetachPolicy") || ($.eventName = "DisablePolicyType") || ($.eventName = "EnablePolicyType") || ($.eventName = "InviteAccountToOrganization") || ($.eventName = "MoveAccount") || ($.eventName = "RemoveAccountFromOrganization") || ($.eventName = "UpdatePolicy") || ($.eventName = "UpdateOrganizationalUnit")) }`

cases := array.concat(cw.cases(pattern, lacking), [])

test_cases if harness.check_cases("aws.cloudwatch.organizations_changes", cases)

test_message_names_the_missing_term if {
	some finding in rule.deny with input as cw.monitored([cw.alarmed_filter("cis", lacking)])
	finding.msg == `AWS Organizations changes are not monitored in region eu-west-1: trail org-trail: filter cis lacks $.eventName = "LeaveOrganization"`
}
