# METADATA
# title: Elastic IP address is not associated with anything
# description: >-
#   The Elastic IP address is allocated but not associated with an instance or network
#   interface: it costs money, and a forgotten address may still be trusted by partners' allow
#   lists.
# custom:
#   id: aws-ec2-eip-unused
#   severity: low
#   resource_types: [aws.ec2.address]
#   remediation: |-
#     Console: EC2 > Elastic IPs > select the address > Actions > Release Elastic IP addresses > Release.
#       CLI: aws ec2 release-address --allocation-id <id>
package stance.rules.aws.ec2.eip_unused

import rego.v1

address := input.resource.config

deny contains {"msg": msg} if {
	object.get(address, "AssociationId", "") == ""
	msg := sprintf("Elastic IP %s (%s) is not associated", [object.get(address, "PublicIp", ""), object.get(address, "AllocationId", "")])
}
