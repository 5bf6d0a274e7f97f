# METADATA
# title: API Gateway REST stage does not authenticate to its backend with a client certificate
# description: >-
#   The stage has no client certificate, so an HTTP backend cannot tell requests that come from
#   API Gateway from requests sent to it directly.
# custom:
#   id: aws-apigateway-rest-client-certificate
#   severity: medium
#   resource_types: [aws.apigateway.rest_stage]
#   remediation: |-
#     Console: API Gateway > Client certificates > Generate; then APIs > the API > Stages > the stage > Stage
#       details > Edit > Client certificate: choose it > Save; configure the backend to require it.
#       CLI: aws apigateway generate-client-certificate; aws apigateway update-stage --rest-api-id <id>
#       --stage-name <stage> --patch-operations op=replace,path=/clientCertificateId,value=<certificate-id>
package stance.rules.aws.apigateway.rest_client_certificate

import rego.v1

stage := input.resource.config

label := sprintf("%s stage %s", [object.get(stage, ["RestApi", "name"], "REST API"), object.get(stage, "stageName", input.resource.name)])

deny contains {"msg": msg} if {
	object.get(stage, "clientCertificateId", "") == ""
	msg := sprintf("%s has no client certificate for its backend", [label])
}
