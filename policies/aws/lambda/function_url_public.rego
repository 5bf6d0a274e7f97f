# METADATA
# title: Lambda function URL does not require authentication
# description: >-
#   A function URL with AuthType NONE is an HTTPS endpoint anyone on the internet can call; Lambda
#   checks no IAM signature, so only the function's own code stands between a caller and what it
#   does. Functions without a URL do not apply.
# custom:
#   id: aws-lambda-function-url-public
#   severity: high
#   resource_types: [aws.lambda.function]
#   remediation: |-
#     Console: Lambda > Functions > select the function > Configuration > Function URL > Edit > Auth
#     type AWS_IAM > Save (callers then sign requests with SigV4); or Delete the URL and put the
#     function behind API Gateway or CloudFront with authentication. Remove the lambda:InvokeFunctionUrl
#     statement for "*" from its resource-based policy.
#     CLI: aws lambda update-function-url-config --function-name <function> [--qualifier <alias>]
#     --auth-type AWS_IAM (or aws lambda delete-function-url-config --function-name <function>)
package stance.rules.aws.lambda.function_url_public

import rego.v1

config := input.resource.config

urls := object.get(config, "FunctionUrlConfigs", "not reported")

not_applicable if {
	is_array(urls)
	count(urls) == 0
}

unknown contains msg if {
	not is_array(urls)
	msg := sprintf("Lambda function %s: its function URLs were not reported", [input.resource.name])
}

unknown contains msg if {
	is_array(urls)
	some url in urls
	not is_string(object.get(url, "AuthType", null))
	msg := sprintf("Lambda function %s: function URL %v did not report its AuthType", [input.resource.name, object.get(url, "FunctionUrl", "(no address)")])
}

deny contains {"msg": msg} if {
	is_array(urls)
	some url in urls
	url.AuthType == "NONE"
	msg := sprintf("Lambda function %s: function URL %v (%v) accepts unauthenticated requests (AuthType NONE)", [input.resource.name, object.get(url, "FunctionUrl", "(no address)"), object.get(url, "FunctionArn", input.resource.id)])
}
