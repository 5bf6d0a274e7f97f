# METADATA
# title: RDS instance is publicly accessible
# description: >-
#   PubliclyAccessible is true: the instance's endpoint resolves to a public IP address, so only
#   its security group stands between the database port and the internet.
# custom:
#   id: aws-rds-instance-public
#   severity: high
#   resource_types: [aws.rds.db_instance]
#   remediation: |-
#     Console: RDS > Databases > select the instance > Modify > Connectivity > Additional
#     configuration > "Not publicly accessible" > Continue > Apply immediately. Reach it from a
#     bastion, VPN or AWS Systems Manager instead, and keep it in private subnets.
#     CLI: aws rds modify-db-instance --db-instance-identifier <db> --no-publicly-accessible
#     --apply-immediately
package stance.rules.aws.rds.instance_public

import rego.v1

config := input.resource.config

unknown contains msg if {
	not is_boolean(object.get(config, "PubliclyAccessible", null))
	msg := sprintf("RDS instance %s: PubliclyAccessible was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	config.PubliclyAccessible == true
	msg := sprintf("RDS instance %s is publicly accessible (endpoint %v)", [input.resource.name, object.get(config, ["Endpoint", "Address"], "not yet assigned")])
}
