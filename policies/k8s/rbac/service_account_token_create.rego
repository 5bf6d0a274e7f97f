# METADATA
# title: Role can mint service account tokens
# description: >-
#   Create on serviceaccounts/token issues tokens for any service account in scope, taking over
#   its permissions (CIS Kubernetes 5.1.13).
# custom:
#   id: k8s-rbac-service-account-token-create
#   severity: high
#   resource_types: [k8s.role, k8s.clusterrole]
#   remediation: |-
#     Remove create on serviceaccounts/token from the role.
#     Apply: kubectl apply -f <role.yaml>.
package stance.rules.k8s.rbac.service_account_token_create

import data.stance.lib.rbac
import rego.v1

not_applicable if not rbac.is_role(input.resource.config)

not_applicable if rbac.built_in(input.resource.config)

deny contains {"msg": sprintf("%s %s can create service account tokens", [input.resource.config.kind, input.resource.name])} if {
	rbac.grants(input.resource.config, [""], ["serviceaccounts/token"], ["create"])
}
