package stance.rules.aws.rds.instance_in_vpc_test

import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.rds.instance_in_vpc as rule
import rego.v1

subnet_group := {"DBSubnetGroup": {"DBSubnetGroupName": "private", "VpcId": "vpc-0a1b2c3d4e5f60718", "SubnetGroupStatus": "Complete", "Subnets": [{"SubnetIdentifier": "subnet-0a1b2c3d"}]}}

cases := [
	{"name": "in a VPC subnet group", "expect": "pass", "input": fx.rds_instance(subnet_group)},
	{"name": "no DB subnet group (EC2-Classic)", "expect": "fail", "input": fx.rds_instance({})},
	{"name": "subnet group without a VPC", "expect": "fail", "input": fx.rds_instance({"DBSubnetGroup": {"DBSubnetGroupName": "classic", "VpcId": null}})},
	{"name": "empty VPC id", "expect": "fail", "input": fx.rds_instance({"DBSubnetGroup": {"DBSubnetGroupName": "classic", "VpcId": ""}})},
]

test_cases if harness.check_cases("aws.rds.instance_in_vpc", cases)

test_message if {
	some finding in rule.deny with input as fx.rds_instance({})
	finding.msg == "RDS instance orders-db does not run in a VPC (no DB subnet group)"
}
