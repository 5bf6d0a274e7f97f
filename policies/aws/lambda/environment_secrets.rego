# METADATA
# title: Lambda function keeps a secret in a plain environment variable
# description: >-
#   An environment variable whose name says it holds a secret (PASSWORD, SECRET, TOKEN, API_KEY,
#   PRIVATE_KEY, CREDENTIALS, ...) has a literal value. Anyone allowed lambda:GetFunction or
#   lambda:GetFunctionConfiguration reads it in clear text, and it travels with every copy of the
#   function's configuration. Names that point to where a secret lives (..._ARN, ..._NAME, ..._ID)
#   and values that are ARNs do not count. Stance records the names and the kind of each value
#   (literal, empty, reference), never the values.
# custom:
#   id: aws-lambda-environment-secrets
#   severity: high
#   resource_types: [aws.lambda.function]
#   remediation: |-
#     Move the secret to AWS Secrets Manager (or an SSM SecureString parameter), give the function's
#     execution role secretsmanager:GetSecretValue on it, read it at start-up (or with the AWS
#     Parameters and Secrets Lambda Extension), and replace the variable's value with the secret's ARN.
#     Console: Secrets Manager > Store a new secret; then Lambda > Functions > select the function >
#     Configuration > Environment variables > Edit: replace the value, Save; rotate the exposed secret.
#     CLI: aws secretsmanager create-secret --name <name> --secret-string <value>; aws lambda
#     update-function-configuration --function-name <function> --environment
#     "Variables={<NAME>_ARN=<secret-arn>,...}" (the whole map: it replaces the old one).
package stance.rules.aws.lambda.environment_secrets

import rego.v1

config := input.resource.config

kinds := object.get(config, ["stance", "environmentValues"], "not reported")

secret_word := `(?i)(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|SIGNING_?KEY|ENCRYPTION_?KEY|CREDENTIAL|AUTH_?KEY|CONN(ECTION)?_?STR(ING)?|DSN)`

# Names that say where a secret is, or describe it, rather than hold it.
pointer_suffix := `(?i)(_ARN|_NAME|_ID|_PATH|_FILE|_URL|_URI|_ENDPOINT|_PARAM|_PARAMETER|_REGION|_TTL|_EXPIRY|_EXPIRATION|_LENGTH|_HEADER|_TYPE|_VERSION)$`

secret_names contains name if {
	some name, kind in kinds
	kind == "literal"
	regex.match(secret_word, name)
	not regex.match(pointer_suffix, name)
}

unknown contains msg if {
	not is_object(kinds)
	msg := sprintf("Lambda function %s: its environment variable names were not reported", [input.resource.name])
}

deny contains {"msg": msg, "variables": names} if {
	is_object(kinds)
	count(secret_names) > 0
	names := sort(secret_names)
	msg := sprintf("Lambda function %s has secret-looking environment variables with literal values: %s", [input.resource.name, concat(", ", names)])
}
