# METADATA
# title: ECR repository policy allows public access
# description: >-
#   The repository policy lets anyone (Principal "*" without a condition narrowing it to known
#   accounts, organizations or networks) act on the private repository: pull its images, and with
#   write actions push or delete them.
# custom:
#   id: aws-ecr-repository-public-policy
#   severity: high
#   resource_types: [aws.ecr.repository]
#   remediation: |-
#     Console: Amazon ECR > Private registry > Repositories > select the repository > Permissions >
#     Edit policy JSON: replace Principal "*" with the accounts that pull (or add a condition on
#     aws:PrincipalOrgID) > Save. Publish public images in Amazon ECR Public instead.
#     CLI: aws ecr set-repository-policy --repository-name <repo> --policy-text file://policy.json
#     (or aws ecr delete-repository-policy --repository-name <repo>)
package stance.rules.aws.ecr.repository_public_policy

import data.stance.lib.resource_policy as rp
import rego.v1

policy := object.get(input.resource.config, "Policy", "not reported")

unknown contains msg if {
	policy == "not reported"
	msg := sprintf("ECR repository %s: its repository policy was not reported", [input.resource.name])
}

unknown contains msg if {
	rp.undecodable(policy)
	msg := sprintf("ECR repository %s: its repository policy could not be decoded", [input.resource.name])
}

deny contains {"msg": msg} if {
	is_object(policy)
	some grant in rp.public_grants(policy)
	msg := sprintf("ECR repository %s is public: %s", [input.resource.name, rp.describe(grant)])
}
