# METADATA
# title: Lambda function is not connected to a VPC
# description: >-
#   The function has no VPC configuration, so its network access cannot be restricted by security
#   groups, network ACLs, VPC endpoints or flow logs: it reaches the internet and AWS APIs directly
#   from Lambda's own network.
# custom:
#   id: aws-lambda-function-in-vpc
#   severity: low
#   resource_types: [aws.lambda.function]
#   remediation: |-
#     Console: Lambda > Functions > select the function > Configuration > VPC > Edit > choose the VPC,
#     private subnets in at least two Availability Zones and a security group > Save (the execution
#     role needs AWSLambdaVPCAccessExecutionRole; add VPC endpoints or a NAT gateway for outbound calls).
#     CLI: aws lambda update-function-configuration --function-name <function> --vpc-config
#     SubnetIds=<subnet-a>,<subnet-b>,SecurityGroupIds=<sg-id>
package stance.rules.aws.lambda.function_in_vpc

import rego.v1

vpc_id := object.get(input.resource.config, ["VpcConfig", "VpcId"], "")

deny contains {"msg": msg} if {
	not is_string(vpc_id)
	msg := sprintf("Lambda function %s is not connected to a VPC", [input.resource.name])
}

deny contains {"msg": msg} if {
	vpc_id == ""
	msg := sprintf("Lambda function %s is not connected to a VPC", [input.resource.name])
}
