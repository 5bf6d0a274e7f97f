# METADATA
# title: API Gateway REST stage caches responses unencrypted
# description: >-
#   Response caching is on for some methods of the stage but cacheDataEncrypted is false, so
#   cached API responses are stored unencrypted at rest.
# custom:
#   id: aws-apigateway-rest-cache-encrypted
#   severity: medium
#   resource_types: [aws.apigateway.rest_stage]
#   remediation: |-
#     Console: API Gateway > APIs > the API > Stages > the stage > Stage details > Edit > Cache settings >
#       turn on "Encrypt cache data" > Save (and in each method override that enables caching).
#       CLI: aws apigateway update-stage --rest-api-id <id> --stage-name <stage> --patch-operations
#       op=replace,path=/*/*/caching/dataEncrypted,value=true
package stance.rules.aws.apigateway.rest_cache_encrypted

import rego.v1

stage := input.resource.config

label := sprintf("%s stage %s", [object.get(stage, ["RestApi", "name"], "REST API"), object.get(stage, "stageName", input.resource.name)])

settings := object.get(stage, "methodSettings", {})

caching contains method if {
	some method, s in settings
	s.cachingEnabled == true
}

not_applicable if {
	object.get(stage, "cacheClusterEnabled", false) == false
	count(caching) == 0
}

deny contains {"msg": msg} if {
	some method in caching
	object.get(settings[method], "cacheDataEncrypted", false) == false
	msg := sprintf("%s caches %s responses unencrypted", [label, method])
}
