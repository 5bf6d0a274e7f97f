# METADATA
# title: Organization accounts sit directly under the root instead of in OUs
# description: >-
#   Member accounts are attached to the root rather than to organizational units, so policies
#   cannot be applied by environment or sensitivity (production, development, security, sandbox)
#   and every guardrail must be attached account by account.
# custom:
#   id: aws-organizations-ou-structure
#   severity: low
#   resource_types: [aws.organizations.account]
#   remediation: |-
#     Create OUs by environment and sensitivity and move the accounts into them.
#       Console: Organizations > AWS accounts > Root > Actions > Create new (organizational unit); select the
#       account > Actions > Move > the OU.
#       CLI: aws organizations create-organizational-unit --parent-id <r-...> --name Production; aws organizations
#       move-account --account-id <id> --source-parent-id <r-...> --destination-parent-id <ou-...>
package stance.rules.aws.organizations.ou_structure

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

root_ids := {r.Id | some r in config.Roots}

deny contains {"msg": msg} if {
	some account in config.Accounts
	account.Status == "ACTIVE"
	account.Id != config.Organization.MasterAccountId
	account.ParentId in root_ids
	msg := sprintf("organization %s: account %s (%s) is directly under the root, in no OU", [config.Organization.Id, account.Id, object.get(account, "Name", "")])
}
