# METADATA
# title: Organization account is not covered by a guardrail service control policy
# description: >-
#   An active member account of the organization has no service control policy other than the AWS-
#   managed FullAWSAccess attached to it or to any OU or root above it, so nothing limits what
#   its principals (its root user included) may do; or SCPs are not enabled on the root at all.
# custom:
#   id: aws-organizations-scp-guardrails
#   severity: high
#   resource_types: [aws.organizations.account]
#   remediation: |-
#     Enable service control policies and attach guardrails (deny leaving the organization, deny disabling
#       CloudTrail/GuardDuty/Config, region restrictions, deny root user actions) to the root or the OUs.
#       Console: Organizations > Policies > Service control policies > Enable; Create policy; Targets > Attach
#       to the root or OU.
#       CLI: aws organizations enable-policy-type --root-id <r-...> --policy-type SERVICE_CONTROL_POLICY;
#       aws organizations create-policy --type SERVICE_CONTROL_POLICY --name guardrails --content file://scp.json
#       --description guardrails; aws organizations attach-policy --policy-id <p-...> --target-id <root-or-ou>
package stance.rules.aws.organizations.scp_guardrails

import rego.v1

config := input.resource.config

# The organization's policies and tree are visible from its management account only: that scan decides.
not_applicable if not config.ManagementAccount == true

unknown contains msg if {
	config.ManagementAccount == true
	some field in ["Roots", "Accounts", "OrganizationalUnits", "Policies"]
	not is_array(object.get(config, field, null))
	msg := sprintf("organization %s: %s were not reported", [config.Organization.Id, field])
}

scp_enabled(root) if {
	some t in root.PolicyTypes
	t.Type == "SERVICE_CONTROL_POLICY"
	t.Status == "ENABLED"
}

deny contains {"msg": msg} if {
	some root in config.Roots
	not scp_enabled(root)
	msg := sprintf("organization %s: service control policies are not enabled on root %s", [config.Organization.Id, root.Id])
}

guarded_targets contains t.TargetId if {
	some p in config.Policies
	p.Id != "p-FullAWSAccess"
	some t in p.Targets
}

deny contains {"msg": msg} if {
	some root in config.Roots
	scp_enabled(root)
	some account in config.Accounts
	account.Status == "ACTIVE"
	# SCPs never restrict the management account.
	account.Id != config.Organization.MasterAccountId
	covering := {t | some t in array.concat([account.Id], account.Path); t in guarded_targets}
	count(covering) == 0
	msg := sprintf("organization %s: account %s (%s) has no guardrail SCP above FullAWSAccess", [config.Organization.Id, account.Id, object.get(account, "Name", "")])
}
