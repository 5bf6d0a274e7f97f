# METADATA
# title: Site-to-Site VPN connection runs on fewer than two tunnels
# description: >-
#   A tunnel of the VPN connection is down, so the connection has no redundancy left: AWS
#   maintenance or one failure ends connectivity to the site.
# custom:
#   id: aws-ec2-vpn-tunnels-up
#   severity: medium
#   resource_types: [aws.ec2.vpn_connection]
#   remediation: |-
#     Bring the second tunnel up on the customer gateway (download the configuration for your device:
#       VPC > Site-to-Site VPN connections > the connection > Download configuration) and check its IKE/IPsec
#       settings, pre-shared key and routing.
#       CLI: aws ec2 describe-vpn-connections --vpn-connection-ids <id> --query
#       "VpnConnections[].VgwTelemetry"; aws ec2 get-vpn-connection-device-sample-configuration
package stance.rules.aws.ec2.vpn_tunnels_up

import rego.v1

vpn := input.resource.config

id := object.get(vpn, "VpnConnectionId", input.resource.name)

not_applicable if vpn.State != "available"

unknown contains msg if {
	vpn.State == "available"
	not is_array(object.get(vpn, "VgwTelemetry", null))
	msg := sprintf("VPN connection %s: the tunnels' status was not reported", [id])
}

deny contains {"msg": msg} if {
	vpn.State == "available"
	up := [t | some t in vpn.VgwTelemetry; t.Status == "UP"]
	count(up) < 2
	msg := sprintf("VPN connection %s has %d of %d tunnels up", [id, count(up), count(vpn.VgwTelemetry)])
}
