# METADATA
# title: RDS instance storage is not encrypted
# description: >-
#   StorageEncrypted is false: the DB instance's storage, automated backups, read replicas and
#   snapshots are kept unencrypted at rest. Encryption can only be chosen when the instance is
#   created, so an existing instance has to be migrated through an encrypted snapshot copy.
# custom:
#   id: aws-rds-instance-encrypted
#   severity: high
#   resource_types: [aws.rds.db_instance]
#   remediation: |-
#     Console: RDS > Snapshots > take a snapshot of the instance > Actions > Copy snapshot > tick
#     "Enable encryption" and choose a KMS key > then Actions > Restore snapshot from the encrypted
#     copy, switch clients to the new endpoint and delete the unencrypted instance. New instances:
#     leave "Enable encryption" ticked under Additional configuration.
#     CLI: aws rds create-db-snapshot --db-instance-identifier <db> --db-snapshot-identifier <snap>;
#     aws rds copy-db-snapshot --source-db-snapshot-identifier <snap> --target-db-snapshot-identifier
#     <snap>-enc --kms-key-id <key>; aws rds restore-db-instance-from-db-snapshot
#     --db-instance-identifier <db>-enc --db-snapshot-identifier <snap>-enc
package stance.rules.aws.rds.instance_encrypted

import rego.v1

config := input.resource.config

unknown contains msg if {
	not is_boolean(object.get(config, "StorageEncrypted", null))
	msg := sprintf("RDS instance %s: StorageEncrypted was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	config.StorageEncrypted == false
	msg := sprintf("RDS instance %s (%v) stores its data unencrypted", [input.resource.name, object.get(config, "Engine", "engine not reported")])
}
