# METADATA
# title: VPC-connected Lambda function runs in a single Availability Zone
# description: >-
#   The function's subnets are all in one Availability Zone, so an outage of that zone stops the
#   function. Functions not connected to a VPC run across zones already and do not apply. Zones come
#   from DescribeSubnets for the function's subnets.
# custom:
#   id: aws-lambda-function-multi-az
#   severity: medium
#   resource_types: [aws.lambda.function]
#   remediation: |-
#     Console: Lambda > Functions > select the function > Configuration > VPC > Edit > add a subnet in
#     another Availability Zone of the same VPC > Save.
#     CLI: aws lambda update-function-configuration --function-name <function> --vpc-config
#     SubnetIds=<subnet-in-az-a>,<subnet-in-az-b>,SecurityGroupIds=<sg-id>
package stance.rules.aws.lambda.function_multi_az

import rego.v1

config := input.resource.config

subnet_ids := object.get(config, ["VpcConfig", "SubnetIds"], [])

in_vpc if {
	is_string(config.VpcConfig.VpcId)
	config.VpcConfig.VpcId != ""
}

not_applicable if not in_vpc

subnets := object.get(config, ["stance", "subnets"], "not reported")

zones := {s.AvailabilityZone | some s in subnets; is_string(s.AvailabilityZone)}

unknown contains msg if {
	in_vpc
	not is_array(subnets)
	msg := sprintf("Lambda function %s: the Availability Zones of its subnets were not reported", [input.resource.name])
}

unknown contains msg if {
	in_vpc
	is_array(subnets)
	some s in subnets
	not is_string(object.get(s, "AvailabilityZone", null))
	msg := sprintf("Lambda function %s: subnet %v was not found, its Availability Zone is unknown", [input.resource.name, s.SubnetId])
}

deny contains {"msg": msg} if {
	in_vpc
	is_array(subnets)
	every s in subnets {
		is_string(s.AvailabilityZone)
	}
	count(zones) < 2
	msg := sprintf("Lambda function %s runs in %d Availability Zone(s) only (%s): subnets %s", [input.resource.name, count(zones), concat(", ", sort(zones)), concat(", ", [sprintf("%v", [id]) | some id in subnet_ids])])
}
