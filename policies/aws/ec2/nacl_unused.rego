# METADATA
# title: Network ACL is not associated with any subnet
# description: >-
#   A custom network ACL filters no subnet. Unused ACLs clutter reviews and may be associated
#   later with entries nobody remembers.
# custom:
#   id: aws-ec2-nacl-unused
#   severity: low
#   resource_types: [aws.ec2.network_acl]
#   remediation: |-
#     Console: VPC > Network ACLs > select the ACL > Actions > Delete network ACLs.
#       CLI: aws ec2 delete-network-acl --network-acl-id <id>
package stance.rules.aws.ec2.nacl_unused

import rego.v1

acl := input.resource.config

id := object.get(acl, "NetworkAclId", input.resource.name)

# A VPC's default ACL cannot be deleted.
not_applicable if acl.IsDefault == true

deny contains {"msg": msg} if {
	acl.IsDefault == false
	count(object.get(acl, "Associations", [])) == 0
	msg := sprintf("network ACL %s is not associated with any subnet", [id])
}
