# METADATA
# title: Transit gateway accepts shared VPC attachments automatically
# description: >-
#   AutoAcceptSharedAttachments is enabled, so any account the transit gateway is shared with
#   can attach its VPC and route into your network without approval.
# custom:
#   id: aws-ec2-transit-gateway-auto-accept
#   severity: high
#   resource_types: [aws.ec2.transit_gateway]
#   remediation: |-
#     Console: VPC > Transit gateways > select the transit gateway > Actions > Modify transit gateway > clear
#       "Auto accept shared attachments" > Modify transit gateway.
#       CLI: aws ec2 modify-transit-gateway --transit-gateway-id <id> --options AutoAcceptSharedAttachments=disable
package stance.rules.aws.ec2.transit_gateway_auto_accept

import rego.v1

tgw := input.resource.config

id := object.get(tgw, "TransitGatewayId", input.resource.name)

not_applicable if tgw.State in {"deleting", "deleted"}

unknown contains msg if {
	not is_string(object.get(tgw, ["Options", "AutoAcceptSharedAttachments"], null))
	msg := sprintf("transit gateway %s: Options.AutoAcceptSharedAttachments was not reported", [id])
}

deny contains {"msg": msg} if {
	tgw.Options.AutoAcceptSharedAttachments == "enable"
	msg := sprintf("transit gateway %s accepts shared VPC attachments automatically", [id])
}
