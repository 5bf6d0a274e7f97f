# METADATA
# title: RDS DB instance does not copy tags to snapshots
# description: >-
#   Snapshots of the instance get none of its tags, so tag-based access control, ownership and
#   data classification do not follow the data into its backups.
# custom:
#   id: aws-rds-instance-copy-tags
#   severity: low
#   resource_types: [aws.rds.db_instance]
#   remediation: |-
#     Console: RDS > Databases > select the instance > Modify > Additional configuration > Backup >
#     Copy tags to snapshots > Continue > Apply immediately.
#     CLI: aws rds modify-db-instance --db-instance-identifier <id> --copy-tags-to-snapshot --apply-immediately
package stance.rules.aws.rds.instance_copy_tags

import data.stance.lib.rds
import rego.v1

config := input.resource.config

not_applicable if rds.aurora

unknown contains msg if {
	not is_boolean(object.get(config, "CopyTagsToSnapshot", null))
	msg := sprintf("RDS instance %s: CopyTagsToSnapshot was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	config.CopyTagsToSnapshot == false
	msg := sprintf("RDS instance %s does not copy its tags to snapshots", [input.resource.name])
}
