# METADATA
# title: API Gateway REST stage does not log execution
# description: >-
#   CloudWatch execution logging is off (logging level OFF) for the stage or for some of its
#   methods, so errors, authorizer decisions and throttling of the API are not recorded.
# custom:
#   id: aws-apigateway-rest-execution-logging
#   severity: medium
#   resource_types: [aws.apigateway.rest_stage]
#   remediation: |-
#     Set the account's CloudWatch Logs role (API Gateway > Settings), then
#       Console: API Gateway > APIs > the API > Stages > the stage > Logs and tracing > Edit > CloudWatch logs
#       "Errors only" or "Errors and info logs" > Save; remove method overrides that turn logging off.
#       CLI: aws apigateway update-stage --rest-api-id <id> --stage-name <stage> --patch-operations
#       op=replace,path=/*/*/logging/loglevel,value=ERROR
package stance.rules.aws.apigateway.rest_execution_logging

import rego.v1

stage := input.resource.config

label := sprintf("%s stage %s", [object.get(stage, ["RestApi", "name"], "REST API"), object.get(stage, "stageName", input.resource.name)])

settings := object.get(stage, "methodSettings", {})

# Logging is off unless the stage-wide "*/*" settings turn it on; a method's own settings override it.
default stage_level := "OFF"

stage_level := settings["*/*"].loggingLevel

deny contains {"msg": msg} if {
	not stage_level in {"ERROR", "INFO"}
	msg := sprintf("%s: execution logging is off", [label])
}

deny contains {"msg": msg} if {
	stage_level in {"ERROR", "INFO"}
	some method, s in settings
	method != "*/*"
	s.loggingLevel == "OFF"
	msg := sprintf("%s: execution logging is off for %s", [label, method])
}
