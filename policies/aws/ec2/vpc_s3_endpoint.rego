# METADATA
# title: VPC has no endpoint for Amazon S3
# description: >-
#   Traffic from the VPC to Amazon S3 leaves through an internet or NAT gateway, because the VPC
#   has no S3 gateway or interface endpoint; an endpoint keeps it on the AWS network and lets an
#   endpoint policy limit which buckets can be reached.
# custom:
#   id: aws-ec2-vpc-s3-endpoint
#   severity: low
#   resource_types: [aws.ec2.vpc]
#   remediation: |-
#     Console: VPC > Endpoints > Create endpoint > AWS services > com.amazonaws.<region>.s3 (type Gateway) >
#       the VPC and its route tables > a policy naming the buckets in use > Create endpoint.
#       CLI: aws ec2 create-vpc-endpoint --vpc-id <vpc> --vpc-endpoint-type Gateway --service-name
#       com.amazonaws.<region>.s3 --route-table-ids <route-tables>
package stance.rules.aws.ec2.vpc_s3_endpoint

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
	count([e | some e in endpoints; serves(e, "s3")]) == 0
	msg := sprintf("VPC %s has no VPC endpoint for Amazon S3", [id])
}
