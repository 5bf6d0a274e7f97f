# METADATA
# title: ECR repository allows image tags to be overwritten
# description: >-
#   Tag mutability is on: pushing an image with an existing tag (v1.4.2, prod) silently replaces
#   what that tag points to, so a deployment by tag may run an image nobody reviewed.
# custom:
#   id: aws-ecr-repository-tag-immutability
#   severity: medium
#   resource_types: [aws.ecr.repository]
#   remediation: |-
#     Console: Amazon ECR > Private registry > Repositories > select the repository > Edit > Tag
#     immutability: Immutable (or immutable with exclusions for tags such as latest) > Save.
#     CLI: aws ecr put-image-tag-mutability --repository-name <repo> --image-tag-mutability IMMUTABLE
package stance.rules.aws.ecr.repository_tag_immutability

import rego.v1

mutability := object.get(input.resource.config, "imageTagMutability", null)

unknown contains msg if {
	not is_string(mutability)
	msg := sprintf("ECR repository %s: imageTagMutability was not reported", [input.resource.name])
}

deny contains {"msg": msg} if {
	mutability in {"MUTABLE", "MUTABLE_WITH_EXCLUSION"}
	msg := sprintf("ECR repository %s has mutable image tags (%s)", [input.resource.name, mutability])
}
