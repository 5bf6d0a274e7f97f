# METADATA
# title: RDS instance does not apply minor engine upgrades automatically
# description: >-
#   AutoMinorVersionUpgrade is off, so the database engine stays on a minor version after AWS
#   publishes security fixes for it, until someone upgrades by hand.
# custom:
#   id: aws-rds-instance-auto-minor-upgrade
#   severity: low
#   resource_types: [aws.rds.db_instance]
#   remediation: |-
#     Console: RDS > Databases > select the instance > Modify > Maintenance > turn on "Enable auto
#     minor version upgrade" (and pick a maintenance window) > Continue > apply during the next
#     scheduled maintenance window.
#     CLI: aws rds modify-db-instance --db-instance-identifier <db> --auto-minor-version-upgrade
#     --no-apply-immediately
package stance.rules.aws.rds.instance_auto_minor_upgrade

import rego.v1

config := input.resource.config

unknown contains msg if {
	not is_boolean(object.get(config, "AutoMinorVersionUpgrade", null))
	msg := sprintf("RDS instance %s: AutoMinorVersionUpgrade was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	config.AutoMinorVersionUpgrade == false
	msg := sprintf("RDS instance %s does not upgrade its %v minor version automatically", [input.resource.name, object.get(config, "Engine", "engine")])
}
