# METADATA
# title: RDS DB instance keeps automated backups for less than 7 days
# description: >-
#   Automated backups are off (retention 0) or kept for fewer than 7 days, so point-in-time
#   recovery cannot reach back a week: corruption or a destructive change noticed late cannot be
#   undone. Aurora instances do not apply (backups are a cluster setting).
# custom:
#   id: aws-rds-instance-backups
#   severity: medium
#   resource_types: [aws.rds.db_instance]
#   remediation: |-
#     Console: RDS > Databases > select the instance > Modify > Additional configuration > Backup
#     retention period: 7 days or more > Continue > Apply immediately.
#     CLI: aws rds modify-db-instance --db-instance-identifier <id> --backup-retention-period 7 --apply-immediately
package stance.rules.aws.rds.instance_backups

import data.stance.lib.rds
import rego.v1

config := input.resource.config

minimum_days := 7

not_applicable if rds.aurora

# Read replicas of most engines keep no backups of their own.
not_applicable if {
	is_string(config.ReadReplicaSourceDBInstanceIdentifier)
	not startswith(config.Engine, "mysql")
	not startswith(config.Engine, "mariadb")
}

unknown contains msg if {
	not is_number(object.get(config, "BackupRetentionPeriod", null))
	msg := sprintf("RDS instance %s: BackupRetentionPeriod was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	config.BackupRetentionPeriod == 0
	msg := sprintf("RDS instance %s has no automated backups", [input.resource.name])
}

deny contains {"msg": msg} if {
	config.BackupRetentionPeriod > 0
	config.BackupRetentionPeriod < minimum_days
	msg := sprintf("RDS instance %s keeps automated backups for %d day(s), fewer than %d", [input.resource.name, config.BackupRetentionPeriod, minimum_days])
}
