# METADATA
# title: S3 bucket policy does not deny requests over plain HTTP
# description: >-
#   The bucket policy has no statement that denies every principal all S3 actions on the bucket's
#   objects when aws:SecureTransport is false. Without it, clients can read and write objects over
#   unencrypted HTTP, exposing data and credentials' signatures to anyone on the path.
# custom:
#   id: aws-s3-bucket-deny-http
#   severity: medium
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Console: S3 > Buckets > select the bucket > Permissions > Bucket policy > Edit; add a statement
#     {"Sid": "DenyInsecureTransport", "Effect": "Deny", "Principal": "*", "Action": "s3:*",
#     "Resource": ["arn:aws:s3:::<bucket>", "arn:aws:s3:::<bucket>/*"],
#     "Condition": {"Bool": {"aws:SecureTransport": "false"}}} next to the existing ones > Save.
#     CLI: aws s3api get-bucket-policy --bucket <bucket> --query Policy --output text > policy.json,
#     add the statement above, then aws s3api put-bucket-policy --bucket <bucket> --policy file://policy.json
package stance.rules.aws.s3.bucket_deny_http

import data.stance.lib.aws
import data.stance.lib.resource_policy as rp
import rego.v1

config := input.resource.config

bucket_arn := sprintf("arn:aws:s3:::%s", [input.resource.name])

policy := object.get(config, "Policy", null)

all_s3_actions(statement) if {
	some action in aws.as_list(statement.Action)
	lower(action) in {"*", "s3:*"}
}

# The statement's resources include the bucket's objects.
covers_objects(statement) if {
	some resource in aws.as_list(statement.Resource)
	resource in {"*", "arn:aws:s3:::*", sprintf("%s/*", [bucket_arn]), sprintf("%s*", [bucket_arn])}
}

insecure_transport(statement) if {
	some operator, keys in statement.Condition
	operator in {"Bool", "BoolIfExists"}
	some key, value in keys
	lower(key) == "aws:securetransport"
	some v in aws.as_list(value)
	is_false(v)
}

is_false(v) if v == false

is_false(v) if lower(v) == "false"

denies_http if {
	some statement in aws.statements(policy)
	statement.Effect == "Deny"
	rp.everyone(statement.Principal)
	all_s3_actions(statement)
	covers_objects(statement)
	insecure_transport(statement)
}

# The collector writes null for "no bucket policy"; an absent field was not reported, and a
# policy it could not decode cannot be read.
unknown contains msg if {
	not aws.present_or_null(input.resource.config, "Policy")
	msg := sprintf("bucket %s: its bucket policy was not reported", [input.resource.name])
}

unknown contains msg if {
	policy.stanceUndecodable
	msg := sprintf("bucket %s: its bucket policy could not be decoded", [input.resource.name])
}

deny contains {"msg": msg} if {
	aws.present_or_null(input.resource.config, "Policy")
	policy == null
	msg := sprintf("bucket %s has no bucket policy, so nothing denies requests over HTTP", [input.resource.name])
}

deny contains {"msg": msg} if {
	policy != null
	not denies_http
	msg := sprintf("bucket %s: no policy statement denies all principals s3:* when aws:SecureTransport is false", [input.resource.name])
}
