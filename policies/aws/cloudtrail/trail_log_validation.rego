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

unknown contains msg if {
	not is_boolean(object.get(config, "LogFileValidationEnabled", null))
	msg := sprintf("CloudTrail trail %s: LogFileValidationEnabled was not reported", [object.get(config, "Name", input.resource.name)])
}

deny contains {"msg": msg} if {
	config.LogFileValidationEnabled == false
	msg := sprintf("CloudTrail trail %s does not validate its log files", [object.get(config, "Name", input.resource.name)])
}
