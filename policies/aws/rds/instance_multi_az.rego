# METADATA
# title: RDS DB instance is not Multi-AZ
# description: >-
#   The instance runs in one Availability Zone without a standby: a zone outage, a host failure or
#   maintenance takes the database down until it is repaired or restored. Aurora instances do not
#   apply (their cluster spreads storage across zones).
# custom:
#   id: aws-rds-instance-multi-az
#   severity: medium
#   resource_types: [aws.rds.db_instance]
#   remediation: |-
#     Console: RDS > Databases > select the instance > Modify > Availability & durability >
#     Create a standby instance (Multi-AZ deployment) > Continue > Apply immediately or in the next
#     maintenance window.
#     CLI: aws rds modify-db-instance --db-instance-identifier <id> --multi-az --apply-immediately
package stance.rules.aws.rds.instance_multi_az

import data.stance.lib.rds
import rego.v1

config := input.resource.config

not_applicable if rds.aurora

unknown contains msg if {
	not is_boolean(object.get(config, "MultiAZ", null))
	msg := sprintf("RDS instance %s: MultiAZ was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	config.MultiAZ == false
	msg := sprintf("RDS instance %s runs in one Availability Zone (%s), without a standby", [input.resource.name, object.get(config, "AvailabilityZone", "zone not reported")])
}
