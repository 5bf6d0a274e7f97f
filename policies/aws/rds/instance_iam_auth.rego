# METADATA
# title: RDS DB instance does not use IAM database authentication
# description: >-
#   Only database passwords authenticate to the instance: they are long-lived secrets kept in
#   applications and cannot be revoked through IAM. With IAM authentication a user or role
#   connects with a 15-minute token that IAM policies grant and CloudTrail records. Applies to
#   MySQL, MariaDB and PostgreSQL instances (Aurora sets it on the cluster).
# custom:
#   id: aws-rds-instance-iam-auth
#   severity: medium
#   resource_types: [aws.rds.db_instance]
#   remediation: |-
#     Console: RDS > Databases > select the instance > Modify > Database authentication > Password
#     and IAM database authentication > Continue > Apply immediately; then grant rds-db:connect to
#     the roles that connect and create their database users (GRANT rds_iam / AWSAuthenticationPlugin).
#     CLI: aws rds modify-db-instance --db-instance-identifier <id> --enable-iam-database-authentication --apply-immediately
package stance.rules.aws.rds.instance_iam_auth

import rego.v1

config := input.resource.config

engine := object.get(config, "Engine", "")

not_applicable if not engine in {"mysql", "mariadb", "postgres"}

unknown contains msg if {
	not is_boolean(object.get(config, "IAMDatabaseAuthenticationEnabled", null))
	msg := sprintf("RDS instance %s: IAMDatabaseAuthenticationEnabled was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	config.IAMDatabaseAuthenticationEnabled == false
	msg := sprintf("RDS instance %s (%s) does not use IAM database authentication", [input.resource.name, engine])
}
