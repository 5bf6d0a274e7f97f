# METADATA
# title: VPC has no interface endpoint for the EC2 API
# description: >-
#   Calls to the EC2 API from the VPC leave through an internet or NAT gateway, because the VPC
#   has no interface endpoint for the EC2 service; an endpoint keeps them on the AWS network and
#   lets endpoint policies restrict them.
# custom:
#   id: aws-ec2-vpc-ec2-endpoint
#   severity: medium
#   resource_types: [aws.ec2.vpc]
#   remediation: |-
#     Console: VPC > Endpoints > Create endpoint > AWS services > com.amazonaws.<region>.ec2 > the VPC, its
#       private subnets and a security group allowing HTTPS from the VPC > enable private DNS > Create endpoint.
#       CLI: aws ec2 create-vpc-endpoint --vpc-id <vpc> --vpc-endpoint-type Interface --service-name
#       com.amazonaws.<region>.ec2 --subnet-ids <subnets> --security-group-ids <sg> --private-dns-enabled
package stance.rules.aws.ec2.vpc_ec2_endpoint

import rego.v1

vpc := input.resource.config

id := object.get(vpc, "VpcId", input.resource.name)

endpoints := object.get(vpc, "VpcEndpoints", null)

unknown contains msg if {
	not is_array(endpoints)
	msg := sprintf("VPC %s: its VPC endpoints were not collected", [id])
}

serves(endpoint, service) if {
	endpoint.State in {"available", "pending", "pendingAcceptance"}
	parts := split(endpoint.ServiceName, ".")
	parts[count(parts) - 1] == service
}

deny contains {"msg": msg} if {
	is_array(endpoints)
	count([e | some e in endpoints; serves(e, "ec2")]) == 0
	msg := sprintf("VPC %s has no VPC endpoint for the EC2 API", [id])
}
