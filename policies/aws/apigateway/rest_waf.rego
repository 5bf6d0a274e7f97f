# METADATA
# title: API Gateway REST stage is not protected by AWS WAF
# description: >-
#   No AWS WAF web ACL is associated with the stage, so injection attempts and request floods
#   reach the API unfiltered.
# custom:
#   id: aws-apigateway-rest-waf
#   severity: medium
#   resource_types: [aws.apigateway.rest_stage]
#   remediation: |-
#     Console: WAF & Shield > Web ACLs (the API's region) > the web ACL > Associated AWS resources > Add AWS
#       resources > API Gateway REST API > the API stage > Add.
#       CLI: aws wafv2 associate-web-acl --web-acl-arn <web-acl-arn> --resource-arn
#       arn:aws:apigateway:<region>::/restapis/<id>/stages/<stage>
package stance.rules.aws.apigateway.rest_waf

import rego.v1

stage := input.resource.config

label := sprintf("%s stage %s", [object.get(stage, ["RestApi", "name"], "REST API"), object.get(stage, "stageName", input.resource.name)])

deny contains {"msg": msg} if {
	object.get(stage, "webAclArn", "") == ""
	msg := sprintf("%s has no AWS WAF web ACL", [label])
}
