# METADATA
# title: API Gateway route is callable without authorization
# description: >-
#   A route of the HTTP API (or the $connect route of a WebSocket API, the only one that can be
#   authorized) has authorization type NONE, so anyone who knows the endpoint can call it.
# custom:
#   id: aws-apigateway-v2-route-authorization
#   severity: medium
#   resource_types: [aws.apigateway.v2_api]
#   remediation: |-
#     Console: API Gateway > APIs > the API > Authorization > select the route > attach an authorizer (JWT,
#       Lambda or IAM) > Attach (WebSocket: Routes > $connect > Route request > Authorization).
#       CLI: aws apigatewayv2 update-route --api-id <id> --route-id <route-id> --authorization-type JWT
#       --authorizer-id <authorizer-id> (or --authorization-type AWS_IAM)
package stance.rules.aws.apigateway.v2_route_authorization

import rego.v1

api := input.resource.config

name := object.get(api, "Name", input.resource.name)

# A WebSocket API authorizes when a client connects: only $connect carries an authorization type.
checked contains r if {
	api.ProtocolType == "HTTP"
	some r in api.Routes
}

checked contains r if {
	api.ProtocolType == "WEBSOCKET"
	some r in api.Routes
	r.RouteKey == "$connect"
}

not_applicable if {
	is_array(object.get(api, "Routes", null))
	count(checked) == 0
}

unknown contains msg if {
	not is_array(object.get(api, "Routes", null))
	msg := sprintf("API %s: its routes were not reported", [name])
}

deny contains {"msg": msg} if {
	some r in checked
	object.get(r, "AuthorizationType", "NONE") == "NONE"
	msg := sprintf("API %s: route %s has no authorization", [name, r.RouteKey])
}
