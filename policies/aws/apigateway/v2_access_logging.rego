# METADATA
# title: API Gateway HTTP or WebSocket stage does not write access logs
# description: >-
#   The stage has no access log destination, so calls to the API and their results are not
#   recorded.
# custom:
#   id: aws-apigateway-v2-access-logging
#   severity: medium
#   resource_types: [aws.apigateway.v2_stage]
#   remediation: |-
#     Console: API Gateway > APIs > the API > Monitor > Logging (HTTP APIs) or Stages > the stage > Logs and
#       tracing (WebSocket) > Edit > access logging on, a CloudWatch Logs group ARN and a log format > Save.
#       CLI: aws apigatewayv2 update-stage --api-id <id> --stage-name <stage> --access-log-settings
#       'DestinationArn=<log-group-arn>,Format=$context.requestId $context.status'
package stance.rules.aws.apigateway.v2_access_logging

import rego.v1

stage := input.resource.config

label := sprintf("%s API %s stage %s", [object.get(stage, ["Api", "ProtocolType"], ""), object.get(stage, ["Api", "Name"], ""), object.get(stage, "StageName", input.resource.name)])

deny contains {"msg": msg} if {
	object.get(stage, ["AccessLogSettings", "DestinationArn"], "") == ""
	msg := sprintf("%s has no access log destination", [label])
}
