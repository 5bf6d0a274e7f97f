# METADATA
# title: Customer managed KMS key is scheduled for deletion
# description: >-
#   The key is pending deletion: when the waiting period ends, KMS deletes it for good and every
#   piece of data encrypted under it becomes unreadable. Scheduling is often a mistake or an
#   attacker's way to destroy data; the deletion can be cancelled until the date. AWS managed keys
#   do not apply.
# custom:
#   id: aws-kms-key-pending-deletion
#   severity: critical
#   resource_types: [aws.kms.key]
#   remediation: |-
#     If the key is still needed: Console: KMS > Customer managed keys > select the key > Key
#     actions > Cancel key deletion, then Key actions > Enable.
#     CLI: aws kms cancel-key-deletion --key-id <key-id>; aws kms enable-key --key-id <key-id>.
#     Find who scheduled it in CloudTrail (ScheduleKeyDeletion) and alarm on it.
package stance.rules.aws.kms.key_pending_deletion

import rego.v1

key := input.resource.config

not_applicable if object.get(key, "KeyManager", "CUSTOMER") == "AWS"

state := object.get(key, "KeyState", null)

unknown contains msg if {
	not is_string(state)
	msg := sprintf("KMS key %s: KeyState was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	state in {"PendingDeletion", "PendingReplicaDeletion"}
	msg := sprintf("KMS key %s (%v) is scheduled for deletion on %v", [input.resource.name, object.get(key, "Description", ""), object.get(key, "DeletionDate", "an unreported date")])
}
