# METADATA
# title: AWS account does not belong to an AWS Organization
# description: >-
#   The account is standalone: no service control policies can limit what its principals do, and
#   its root user, billing, logging and security services cannot be governed centrally.
# custom:
#   id: aws-organizations-member
#   severity: medium
#   resource_types: [aws.organizations.account]
#   remediation: |-
#     From the organization's management account: Organizations > AWS accounts > Add an AWS account >
#       Invite an existing AWS account (the account id); then in this account: Organizations > Invitations > Accept.
#       CLI: aws organizations invite-account-to-organization --target Id=<account-id>,Type=ACCOUNT (management);
#       aws organizations accept-handshake --handshake-id <id> (this account)
package stance.rules.aws.organizations.member

import rego.v1

config := input.resource.config

unknown contains msg if {
	not object.get(config, "Organization", false) == null
	not is_object(object.get(config, "Organization", null))
	msg := sprintf("account %s: whether it belongs to an Organization was not reported", [input.resource.account])
}

deny contains {"msg": msg} if {
	config.Organization == null
	msg := sprintf("account %s does not belong to an AWS Organization", [input.resource.account])
}
