# METADATA
# title: Lambda function policy allows public access
# description: >-
#   The function's resource-based policy lets anyone invoke or manage it: a statement for
#   Principal "*" (or any account) that no condition narrows to known accounts, organizations or
#   networks, or a statement for an AWS service principal (s3.amazonaws.com, sns.amazonaws.com, ...)
#   without an aws:SourceAccount or aws:SourceArn condition, which any account's bucket or topic
#   can then use to invoke the function. A public function URL (AuthType NONE) needs such a
#   statement too.
# custom:
#   id: aws-lambda-function-public-policy
#   severity: critical
#   resource_types: [aws.lambda.function]
#   remediation: |-
#     Console: Lambda > Functions > select the function > Configuration > Permissions > Resource-based
#     policy statements: delete the statement for "*", or edit it to name the calling account or
#     service and add a condition on aws:SourceAccount (and aws:SourceArn) for service principals.
#     CLI: aws lambda get-policy --function-name <function> to find the statement id, then
#     aws lambda remove-permission --function-name <function> --statement-id <sid>; re-grant with
#     aws lambda add-permission --function-name <function> --statement-id <sid> --action
#     lambda:InvokeFunction --principal s3.amazonaws.com --source-arn <bucket-arn> --source-account <account-id>
package stance.rules.aws.lambda.function_public_policy

import data.stance.lib.resource_policy as rp
import rego.v1

config := input.resource.config

# null: the function has no resource policy; absent: the policy was not read.
policy := object.get(config, "Policy", "not reported")

unknown contains msg if {
	policy == "not reported"
	msg := sprintf("Lambda function %s: its resource policy was not reported", [input.resource.name])
}

unknown contains msg if {
	rp.undecodable(policy)
	msg := sprintf("Lambda function %s: its resource policy could not be decoded", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_object(policy)
	some grant in rp.public_grants(policy)
	msg := sprintf("Lambda function %s is public: %s", [input.resource.name, rp.describe(grant)])
}

deny contains {"msg": msg} if {
	is_object(policy)
	some grant in rp.unscoped_service_grants(policy)
	msg := sprintf("Lambda function %s: %s with no aws:SourceAccount or aws:SourceArn condition, so that service acting for any account can call it", [input.resource.name, rp.describe(grant)])
}
