# METADATA
# title: RDS DB instance does not run in a VPC
# description: >-
#   The instance has no DB subnet group in a VPC (an EC2-Classic era instance): security groups,
#   network ACLs, private subnets and VPC flow logs cannot restrict or record who reaches it.
# custom:
#   id: aws-rds-instance-in-vpc
#   severity: high
#   resource_types: [aws.rds.db_instance]
#   remediation: |-
#     Create a DB subnet group of private subnets in a VPC (RDS > Subnet groups > Create DB subnet
#     group), then move the instance: restore its latest snapshot into that subnet group with a VPC
#     security group (RDS > Snapshots > select > Restore snapshot > Connectivity), switch clients,
#     and delete the old instance.
#     CLI: aws rds create-db-subnet-group --db-subnet-group-name private --db-subnet-group-description private
#     --subnet-ids <subnet-a> <subnet-b>; aws rds restore-db-instance-from-db-snapshot
#     --db-instance-identifier <new> --db-snapshot-identifier <snapshot> --db-subnet-group-name private
#     --vpc-security-group-ids <sg>
package stance.rules.aws.rds.instance_in_vpc

import rego.v1

vpc_id := object.get(input.resource.config, ["DBSubnetGroup", "VpcId"], "")

deny contains {"msg": msg} if {
	not is_string(vpc_id)
	msg := sprintf("RDS instance %s does not run in a VPC (no DB subnet group)", [input.resource.name])
}

deny contains {"msg": msg} if {
	vpc_id == ""
	msg := sprintf("RDS instance %s does not run in a VPC (no DB subnet group)", [input.resource.name])
}
