# METADATA
# title: Default service account mounts its token
# description: >-
#   Every Pod that names no service account uses default; unless it sets
#   automountServiceAccountToken: false, its token is mounted into all of them (CIS Kubernetes
#   5.1.5).
# custom:
#   id: k8s-rbac-default-service-account-automount
#   severity: low
#   resource_types: [k8s.serviceaccount]
#   remediation: |-
#     Turn off token automounting on each namespace's default service account and give workloads that need the API their own service account:
#       kubectl patch serviceaccount default -n <namespace> -p '{"automountServiceAccountToken": false}'
package stance.rules.k8s.rbac.default_service_account

import rego.v1

not_applicable if input.resource.config.kind != "ServiceAccount"

not_applicable if input.resource.config.metadata.name != "default"

deny contains {"msg": sprintf("service account default in %s does not set automountServiceAccountToken: false", [input.resource.region])} if {
	object.get(input.resource.config, "automountServiceAccountToken", true) != false
}
