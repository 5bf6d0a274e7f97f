# METADATA
# title: API Gateway REST stage does not trace requests with X-Ray
# description: >-
#   X-Ray active tracing is off for the stage, so the latency and failures of requests cannot be
#   followed through the API to its backends.
# custom:
#   id: aws-apigateway-rest-xray
#   severity: low
#   resource_types: [aws.apigateway.rest_stage]
#   remediation: |-
#     Console: API Gateway > APIs > the API > Stages > the stage > Logs and tracing > Edit > X-Ray tracing on > Save.
#       CLI: aws apigateway update-stage --rest-api-id <id> --stage-name <stage> --patch-operations
#       op=replace,path=/tracingEnabled,value=true
package stance.rules.aws.apigateway.rest_xray

import rego.v1

stage := input.resource.config

label := sprintf("%s stage %s", [object.get(stage, ["RestApi", "name"], "REST API"), object.get(stage, "stageName", input.resource.name)])

deny contains {"msg": msg} if {
	object.get(stage, "tracingEnabled", false) == false
	msg := sprintf("%s does not trace requests with X-Ray", [label])
}
