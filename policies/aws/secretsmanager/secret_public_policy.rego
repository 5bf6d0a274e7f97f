# METADATA
# title: Secrets Manager secret policy allows public access
# description: >-
#   The secret's resource policy lets anyone (Principal "*" without a condition narrowing it to known
#   accounts, organizations or networks) call Secrets Manager on it, which with
#   secretsmanager:GetSecretValue means reading the secret.
# custom:
#   id: aws-secretsmanager-secret-public-policy
#   severity: critical
#   resource_types: [aws.secretsmanager.secret]
#   remediation: |-
#     Console: Secrets Manager > Secrets > select the secret > Overview > Resource permissions > Edit
#     permissions: name the accounts or roles that need it (or add an aws:PrincipalOrgID condition) >
#     Save; rotate the secret, since anyone may have read it. Turn on block public policy for new
#     policies (aws secretsmanager put-resource-policy --block-public-policy).
#     CLI: aws secretsmanager delete-resource-policy --secret-id <secret> (or put-resource-policy
#     --secret-id <secret> --resource-policy file://policy.json --block-public-policy)
package stance.rules.aws.secretsmanager.secret_public_policy

import data.stance.lib.resource_policy as rp
import rego.v1

policy := object.get(input.resource.config, "ResourcePolicy", "not reported")

unknown contains msg if {
	policy == "not reported"
	msg := sprintf("Secrets Manager secret %s: its resource policy was not reported", [input.resource.name])
}

unknown contains msg if {
	rp.undecodable(policy)
	msg := sprintf("Secrets Manager secret %s: its resource policy could not be decoded", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_object(policy)
	some grant in rp.public_grants(policy)
	msg := sprintf("Secrets Manager secret %s is public: %s", [input.resource.name, rp.describe(grant)])
}
