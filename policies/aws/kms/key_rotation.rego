# METADATA
# title: Customer managed KMS key does not rotate its key material
# description: >-
#   Automatic rotation is off for an enabled, customer managed, symmetric encryption key whose
#   material KMS generated. Rotation limits how much data one piece of key material protects and
#   how long a compromised one stays useful. AWS managed keys, asymmetric and HMAC keys, imported
#   or external key material and disabled keys do not apply.
# custom:
#   id: aws-kms-key-rotation
#   severity: medium
#   resource_types: [aws.kms.key]
#   remediation: |-
#     Console: KMS (in the key's region) > Customer managed keys > select the key > Key rotation >
#     Edit > tick "Automatically rotate this KMS key every year" (or choose a rotation period) >
#     Save.
#     CLI: aws kms enable-key-rotation --key-id <key-id> (optionally --rotation-period-in-days 365);
#     check with aws kms get-key-rotation-status --key-id <key-id>.
package stance.rules.aws.kms.key_rotation

import rego.v1

key := input.resource.config

spec := object.get(key, "KeySpec", object.get(key, "CustomerMasterKeySpec", ""))

applies if {
	key.KeyManager == "CUSTOMER"
	spec == "SYMMETRIC_DEFAULT"
	object.get(key, "KeyUsage", "ENCRYPT_DECRYPT") == "ENCRYPT_DECRYPT"
	object.get(key, "Origin", "AWS_KMS") == "AWS_KMS"
	key.KeyState == "Enabled"
}

not_applicable if not applies

# GetKeyRotationStatus is a call of its own: without its answer the setting is unknown.
unknown contains msg if {
	applies
	not is_boolean(object.get(key, "KeyRotationEnabled", null))
	msg := sprintf("KMS key %s: KeyRotationEnabled was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	applies
	key.KeyRotationEnabled == false
	msg := sprintf("KMS key %s does not rotate its key material automatically", [key.KeyId])
}
