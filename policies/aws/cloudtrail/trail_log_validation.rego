# METADATA
# title: CloudTrail trail does not validate its log files
# description: >-
#   LogFileValidationEnabled is false, so CloudTrail writes no signed digest files and nobody can
#   prove that delivered log files were not modified or deleted after an intrusion.
# custom:
#   id: aws-cloudtrail-log-validation
#   severity: medium
#   resource_types: [aws.cloudtrail.trail]
#   remediation: |-
#     Console: CloudTrail > Trails > select the trail > General details > Edit > Additional
#     settings > tick "Log file validation: Enabled" > Save changes.
#     CLI: aws cloudtrail update-trail --name <trail> --enable-log-file-validation
#     (check later with aws cloudtrail validate-logs --trail-arn <arn> --start-time <time>).
package stance.rules.aws.cloudtrail.trail_log_validation

import rego.v1

config := input.resource.config

deny contains {"msg": msg} if {
	object.get(config, "LogFileValidationEnabled", false) != true
	msg := sprintf("CloudTrail trail %s does not validate its log files", [config.Name])
}
