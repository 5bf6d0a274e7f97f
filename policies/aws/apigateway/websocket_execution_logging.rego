# METADATA
# title: API Gateway WebSocket stage does not log execution
# description: >-
#   CloudWatch execution logging is off (logging level OFF or unset) for the WebSocket stage, so
#   connection, authorization and integration errors are not recorded.
# custom:
#   id: aws-apigateway-websocket-execution-logging
#   severity: medium
#   resource_types: [aws.apigateway.v2_stage]
#   remediation: |-
#     Console: API Gateway > APIs > the WebSocket API > Stages > the stage > Logs and tracing > Edit >
#       CloudWatch logs "Errors only" or "Errors and info logs" > Save.
#       CLI: aws apigatewayv2 update-stage --api-id <id> --stage-name <stage> --default-route-settings LoggingLevel=ERROR
package stance.rules.aws.apigateway.websocket_execution_logging

import rego.v1

stage := input.resource.config

label := sprintf("%s API %s stage %s", [object.get(stage, ["Api", "ProtocolType"], ""), object.get(stage, ["Api", "Name"], ""), object.get(stage, "StageName", input.resource.name)])

not_applicable if stage.Api.ProtocolType != "WEBSOCKET"

unknown contains msg if {
	not is_string(object.get(stage, ["Api", "ProtocolType"], null))
	msg := sprintf("API Gateway stage %s: the protocol of its API was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	stage.Api.ProtocolType == "WEBSOCKET"
	not object.get(stage, ["DefaultRouteSettings", "LoggingLevel"], "OFF") in {"ERROR", "INFO"}
	msg := sprintf("%s: execution logging is off", [label])
}
