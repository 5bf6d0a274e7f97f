# METADATA
# title: RDS DB instance has no deletion protection
# description: >-
#   Deletion protection is off: one DeleteDBInstance call (a mistake, a faulty pipeline or an
#   attacker with the permission) removes the database. Aurora instances do not apply (deletion
#   protection is a cluster setting).
# custom:
#   id: aws-rds-instance-deletion-protection
#   severity: low
#   resource_types: [aws.rds.db_instance]
#   remediation: |-
#     Console: RDS > Databases > select the instance > Modify > Additional configuration > Enable
#     deletion protection > Continue > Apply immediately.
#     CLI: aws rds modify-db-instance --db-instance-identifier <id> --deletion-protection --apply-immediately
package stance.rules.aws.rds.instance_deletion_protection

import data.stance.lib.rds
import rego.v1

config := input.resource.config

not_applicable if rds.aurora

unknown contains msg if {
	not is_boolean(object.get(config, "DeletionProtection", null))
	msg := sprintf("RDS instance %s: DeletionProtection was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	config.DeletionProtection == false
	msg := sprintf("RDS instance %s has no deletion protection", [input.resource.name])
}
