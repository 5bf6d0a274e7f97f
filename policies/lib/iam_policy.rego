# METADATA
# title: Identity-based policy helpers
# description: >-
#   What the Allow statements of an IAM policy document (customer managed or inline, decoded by
#   the collector) grant: actions matched with IAM's wildcards (through the resource-policy
#   library's matcher), NotAction taken as "everything else", resources that cover every KMS key.
#   Conditions are not weighed.
package stance.lib.iam_policy

import data.stance.lib.aws
import data.stance.lib.resource_policy as rp
import rego.v1

allow_statements(doc) := [s | some s in aws.statements(doc); s.Effect == "Allow"]

# The statement as a grant of the resource-policy library, for its action matching.
as_grant(statement) := {"actions": rp.actions_of(statement)}

allows_action(statement, action) if rp.allows_action(as_grant(statement), action)

# A resource element that covers every KMS key (of an account and region, or of all).
all_kms_keys(r) if r == "*"

all_kms_keys(r) if {
	parts := split(r, ":")
	count(parts) >= 6
	parts[0] == "arn"
	parts[2] in {"kms", "*"}
	concat(":", array.slice(parts, 5, count(parts))) in {"*", "key/*"}
}

all_kms_keys(r) if {
	parts := split(r, ":")
	count(parts) < 6
	parts[0] == "arn"
	endswith(r, "*")
}

decrypt_actions := ["kms:Decrypt", "kms:ReEncryptFrom"]

# The statements (1-based, by Sid when they have one) that allow decrypting with every key.
decrypt_all_keys(doc) := [label |
	some i, s in allow_statements(doc)
	some action in decrypt_actions
	allows_action(s, action)
	some r in aws.as_list(object.get(s, "Resource", []))
	all_kms_keys(r)
	label := statement_label(s, i)
]

statement_label(s, i) := rp.sid_of(s, i)

# Actions of the form "service:*" (or "*") that Allow statements grant.
service_wildcards(doc) := {a |
	some s in allow_statements(doc)
	some a in aws.as_list(object.get(s, "Action", []))
	is_string(a)
	regex.match(`^([A-Za-z0-9-]+:)?\*$`, a)
}
