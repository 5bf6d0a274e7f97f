package stance.rules.aws.kms.key_pending_deletion_test

import data.stance.lib.testing.aws_services as fx
import data.stance.lib.testing.harness
import data.stance.rules.aws.kms.key_pending_deletion as rule
import rego.v1

pending := fx.kms_key({"KeyState": "PendingDeletion", "Enabled": false, "DeletionDate": "2025-12-01T10:00:00Z", "PendingDeletionWindowInDays": 30})

cases := [
	{"name": "enabled key", "expect": "pass", "input": fx.kms_key({})},
	{"name": "disabled key (not scheduled)", "expect": "pass", "input": fx.kms_key({"KeyState": "Disabled", "Enabled": false})},
	{"name": "pending deletion", "expect": "fail", "input": pending},
	{"name": "replica pending deletion", "expect": "fail", "input": fx.kms_key({"KeyState": "PendingReplicaDeletion", "MultiRegion": true})},
	{"name": "AWS managed key", "expect": "not_applicable", "input": fx.kms_key({"KeyManager": "AWS", "KeyState": "PendingDeletion"})},
	{"name": "state not reported", "expect": "error", "input": json.remove(fx.kms_key({}), ["resource/config/KeyState"])},
]

test_cases if harness.check_cases("aws.kms.key_pending_deletion", cases)

test_message if {
	some finding in rule.deny with input as pending
	finding.msg == "KMS key 1234abcd-12ab-34cd-56ef-1234567890ab (orders data) is scheduled for deletion on 2025-12-01T10:00:00Z"
}
