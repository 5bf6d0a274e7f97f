# METADATA
# title: Application Load Balancer serves plain HTTP without redirecting to HTTPS
# description: >-
#   An HTTP listener of the Application Load Balancer forwards requests instead of redirecting
#   them to HTTPS, so requests and their cookies and credentials cross the network unencrypted.
# custom:
#   id: aws-elbv2-http-redirect-https
#   severity: medium
#   resource_types: [aws.elbv2.load_balancer]
#   remediation: |-
#     Console: EC2 > Load Balancers > select the load balancer > Listeners > the HTTP listener > Edit >
#       Default action "Redirect to URL", protocol HTTPS, port 443, status code 301 > Save.
#       CLI: aws elbv2 modify-listener --listener-arn <arn> --default-actions
#       'Type=redirect,RedirectConfig={Protocol=HTTPS,Port=443,StatusCode=HTTP_301}'
package stance.rules.aws.elbv2.http_redirect_https

import rego.v1

config := input.resource.config

name := object.get(config, "LoadBalancerName", input.resource.name)

attributes := {a.Key: a.Value | some a in config.Attributes}

not_applicable if config.Type != "application"

redirects(listener) if {
	some action in listener.DefaultActions
	action.Type == "redirect"
	action.RedirectConfig.Protocol == "HTTPS"
}

unknown contains msg if {
	not is_array(object.get(config, "Listeners", null))
	msg := sprintf("load balancer %s: its listeners were not reported", [name])
}

deny contains {"msg": msg} if {
	some listener in config.Listeners
	listener.Protocol == "HTTP"
	not redirects(listener)
	msg := sprintf("load balancer %s: HTTP listener on port %v does not redirect to HTTPS", [name, listener.Port])
}
