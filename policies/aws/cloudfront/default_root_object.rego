# METADATA
# title: CloudFront distribution has no default root object
# description: >-
#   Without a default root object, a request for the distribution root ("/") is passed to the
#   origin as is; an S3 origin may then answer with a listing of its objects.
# custom:
#   id: aws-cloudfront-default-root-object
#   severity: critical
#   resource_types: [aws.cloudfront.distribution]
#   remediation: |-
#     Console: CloudFront > Distributions > select the distribution > General > Settings > Edit > Default
#       root object: index.html (the object to serve for "/") > Save changes.
#       CLI: aws cloudfront get-distribution-config --id <id> > d.json; set DistributionConfig.DefaultRootObject
#       to "index.html" and run aws cloudfront update-distribution --id <id> --if-match <ETag>
#       --distribution-config file://config.json
package stance.rules.aws.cloudfront.default_root_object

import rego.v1

dist := input.resource.config

id := object.get(dist, "Id", input.resource.name)

config := object.get(dist, "DistributionConfig", null)

unknown contains msg if {
	not is_object(config)
	msg := sprintf("CloudFront distribution %s: its configuration was not reported", [id])
}

unknown contains msg if {
	is_object(config)
	not is_string(object.get(config, "DefaultRootObject", null))
	msg := sprintf("CloudFront distribution %s: DefaultRootObject was not reported", [id])
}

deny contains {"msg": msg} if {
	config.DefaultRootObject == ""
	msg := sprintf("CloudFront distribution %s has no default root object", [id])
}
