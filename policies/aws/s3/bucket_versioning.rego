# METADATA
# title: S3 bucket does not have versioning enabled
# description: >-
#   Without versioning, an overwrite or delete (by mistake, by a faulty job or by ransomware) destroys
#   the only copy of an object.
# custom:
#   id: aws-s3-bucket-versioning
#   severity: low
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     Console: S3 > Buckets > select the bucket > Properties > Bucket Versioning > Edit > Enable >
#     Save changes (add a lifecycle rule that expires noncurrent versions).
#     CLI: aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration Status=Enabled
package stance.rules.aws.s3.bucket_versioning

import rego.v1

versioning := object.get(input.resource.config, "Versioning", null)

unknown contains msg if {
	not is_object(versioning)
	msg := sprintf("bucket %s: its versioning was not reported", [input.resource.name])
}

status := lower(versioning.Status) if is_string(versioning.Status)

else := "never enabled"

deny contains {"msg": msg} if {
	is_object(versioning)
	object.get(versioning, "Status", null) != "Enabled"
	msg := sprintf("bucket %s does not have versioning enabled (%s)", [input.resource.name, status])
}
