# METADATA
# title: RDS helpers
# description: Facts about an RDS DB instance shared by the RDS rules.
package stance.lib.rds

import rego.v1

# Aurora instances take backups, deletion protection, Multi-AZ storage and IAM authentication
# from their cluster, not from the instance.
aurora if startswith(object.get(input.resource.config, "Engine", ""), "aurora")
