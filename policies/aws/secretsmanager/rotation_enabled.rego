# METADATA
# title: Secrets Manager secret does not rotate automatically
# description: >-
#   Automatic rotation is not turned on for the secret, so the credential it holds stays the same
#   until someone changes it by hand; a leaked copy keeps working. Secrets Manager reports no
#   RotationEnabled for a secret that was never configured for rotation: that is "off".
# custom:
#   id: aws-secretsmanager-rotation-enabled
#   severity: medium
#   resource_types: [aws.secretsmanager.secret]
#   remediation: |-
#     Console: Secrets Manager > Secrets > select the secret > Rotation > Edit rotation > turn on
#     Automatic rotation, set a schedule (e.g. every 30 days) and the rotation function (managed
#     rotation for RDS, Redshift and DocumentDB credentials) > Save.
#     CLI: aws secretsmanager rotate-secret --secret-id <secret> --rotation-lambda-arn <function-arn>
#     --rotation-rules AutomaticallyAfterDays=30
package stance.rules.aws.secretsmanager.rotation_enabled

import rego.v1

deny contains {"msg": msg} if {
	object.get(input.resource.config, "RotationEnabled", false) != true
	msg := sprintf("Secrets Manager secret %s does not rotate automatically", [input.resource.name])
}
