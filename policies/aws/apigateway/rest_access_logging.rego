# METADATA
# title: API Gateway REST stage does not write access logs
# description: >-
#   The stage has no access log destination, so who called the API, from where and with what
#   result is not recorded.
# custom:
#   id: aws-apigateway-rest-access-logging
#   severity: medium
#   resource_types: [aws.apigateway.rest_stage]
#   remediation: |-
#     Console: API Gateway > APIs > the API > Stages > the stage > Logs and tracing > Edit > Custom access
#       logging on, destination ARN of a CloudWatch Logs group or Firehose stream, a log format > Save.
#       CLI: aws apigateway update-stage --rest-api-id <id> --stage-name <stage> --patch-operations
#       op=replace,path=/accessLogSettings/destinationArn,value=<log-group-arn>
#       'op=replace,path=/accessLogSettings/format,value=$context.requestId $context.identity.sourceIp $context.status'
package stance.rules.aws.apigateway.rest_access_logging

import rego.v1

stage := input.resource.config

label := sprintf("%s stage %s", [object.get(stage, ["RestApi", "name"], "REST API"), object.get(stage, "stageName", input.resource.name)])

deny contains {"msg": msg} if {
	object.get(stage, ["accessLogSettings", "destinationArn"], "") == ""
	msg := sprintf("%s has no access log destination", [label])
}
