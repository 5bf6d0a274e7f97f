# METADATA
# title: ECR repository has no lifecycle policy
# description: >-
#   Without a lifecycle policy, old and untagged images stay in the repository forever: they keep
#   costing storage, and stale images with known vulnerabilities remain available to pull and run.
# custom:
#   id: aws-ecr-repository-lifecycle-policy
#   severity: medium
#   resource_types: [aws.ecr.repository]
#   remediation: |-
#     Console: Amazon ECR > Private registry > Repositories > select the repository > Lifecycle
#     Policy > Create rule (e.g. expire untagged images 14 days after push, keep the last 50 tagged
#     images) > Save.
#     CLI: aws ecr put-lifecycle-policy --repository-name <repo> --lifecycle-policy-text
#     '{"rules":[{"rulePriority":1,"selection":{"tagStatus":"untagged","countType":"sinceImagePushed","countUnit":"days","countNumber":14},"action":{"type":"expire"}}]}'
package stance.rules.aws.ecr.repository_lifecycle_policy

import data.stance.lib.aws
import rego.v1

unknown contains msg if {
	not aws.present_or_null(input.resource.config, "LifecyclePolicy")
	msg := sprintf("ECR repository %s: its lifecycle policy was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	aws.present_or_null(input.resource.config, "LifecyclePolicy")
	input.resource.config.LifecyclePolicy == null
	msg := sprintf("ECR repository %s has no lifecycle policy", [input.resource.name])
}
