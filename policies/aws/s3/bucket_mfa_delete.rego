# METADATA
# title: S3 bucket does not require MFA to delete object versions
# description: >-
#   MFA Delete is not enabled on the bucket's versioning configuration, so credentials alone can
#   permanently delete object versions or suspend versioning, which ransomware and careless
#   scripts exploit.
# custom:
#   id: aws-s3-bucket-mfa-delete
#   severity: low
#   resource_types: [aws.s3.bucket]
#   remediation: |-
#     MFA Delete can only be turned on by the root user with its MFA device, through the CLI or API
#     (not the console): with root credentials,
#     aws s3api put-bucket-versioning --bucket <bucket> --versioning-configuration
#     Status=Enabled,MFADelete=Enabled --mfa "arn:aws:iam::<account>:mfa/root-account-mfa-device <code>".
#     Verify in the console: S3 > Buckets > select the bucket > Properties > Bucket Versioning
#     shows "Multi-factor authentication (MFA) delete: Enabled".
package stance.rules.aws.s3.bucket_mfa_delete

import rego.v1

versioning := object.get(input.resource.config, "Versioning", null)

unknown contains msg if {
	not is_object(versioning)
	msg := sprintf("bucket %s: its versioning configuration was not reported", [input.resource.name])
}

status := lower(versioning.Status) if is_string(versioning.Status)

else := "never enabled"

deny contains {"msg": msg} if {
	is_object(versioning)
	object.get(versioning, "MFADelete", null) != "Enabled"
	msg := sprintf("bucket %s: MFA Delete is not enabled (versioning %s)", [input.resource.name, status])
}
