# METADATA
# title: Route table sends too wide a range to a VPC peering connection
# description: >-
#   A route to a VPC peering connection covers the whole internet (0.0.0.0/0, ::/0) or a whole
#   CIDR block of a peered VPC, so every subnet on both sides can reach each other; routes
#   should name only the subnets that need to talk.
# custom:
#   id: aws-ec2-peering-route-least-access
#   severity: medium
#   resource_types: [aws.ec2.route_table]
#   remediation: |-
#     Console: VPC > Route tables > select the route table > Routes > Edit routes > replace the route to the
#       peering connection with routes to the specific subnets (e.g. 10.1.4.0/24) that need access > Save changes.
#       CLI: aws ec2 delete-route --route-table-id <id> --destination-cidr-block <wide-cidr>; aws ec2
#       create-route --route-table-id <id> --destination-cidr-block <subnet-cidr> --vpc-peering-connection-id <pcx>
package stance.rules.aws.ec2.peering_route_least_access

import rego.v1

table := input.resource.config

id := object.get(table, "RouteTableId", input.resource.name)

peering_routes := [r | some r in object.get(table, "Routes", []); r.VpcPeeringConnectionId]

seen := object.get(table, ["stance", "peerings"], {"collected": false})

not_applicable if count(peering_routes) == 0

destination(route) := route.DestinationCidrBlock

destination(route) := route.DestinationIpv6CidrBlock

unknown contains msg if {
	count(peering_routes) > 0
	seen.collected != true
	msg := sprintf("route table %s: the VPC peering connections it routes to were not collected", [id])
}

unknown contains msg if {
	seen.collected == true
	some route in peering_routes
	not seen.connections[route.VpcPeeringConnectionId]
	msg := sprintf("route table %s: peering connection %s was not listed", [id, route.VpcPeeringConnectionId])
}

too_wide(route) := "the whole internet" if destination(route) in {"0.0.0.0/0", "::/0"}

too_wide(route) := "a whole VPC CIDR block of the peering" if {
	connection := seen.connections[route.VpcPeeringConnectionId]
	destination(route) in array.concat(connection.requesterCidrs, connection.accepterCidrs)
}

deny contains {"msg": msg} if {
	seen.collected == true
	some route in peering_routes
	why := too_wide(route)
	msg := sprintf("route table %s routes %s to peering connection %s: %s", [id, destination(route), route.VpcPeeringConnectionId, why])
}
