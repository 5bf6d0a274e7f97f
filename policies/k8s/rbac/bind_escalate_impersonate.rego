# METADATA
# title: Role grants bind, escalate or impersonate
# description: >-
#   bind and escalate let a subject grant permissions it does not hold; impersonate lets it act
#   as another user, group or service account (CIS Kubernetes 5.1.8).
# custom:
#   id: k8s-rbac-bind-escalate-impersonate
#   severity: high
#   resource_types: [k8s.role, k8s.clusterrole]
#   remediation: |-
#     Remove the bind, escalate and impersonate verbs from the role (and any wildcard verb that implies them):
#       rules:
#         - apiGroups: ["rbac.authorization.k8s.io"]
#           resources: ["roles"]
#           verbs: ["get", "list"]
#     Apply: kubectl apply -f <role.yaml>.
package stance.rules.k8s.rbac.bind_escalate_impersonate

import data.stance.lib.rbac
import rego.v1

not_applicable if not rbac.is_role(input.resource.config)

not_applicable if rbac.built_in(input.resource.config)

deny contains {"msg": sprintf("%s %s can bind or escalate roles", [input.resource.config.kind, input.resource.name])} if {
	rbac.grants(input.resource.config, ["rbac.authorization.k8s.io"], ["roles", "clusterroles"], ["bind", "escalate"])
}

deny contains {"msg": sprintf("%s %s can impersonate users, groups or service accounts", [input.resource.config.kind, input.resource.name])} if {
	rbac.grants(input.resource.config, ["", "authentication.k8s.io"], ["users", "groups", "serviceaccounts", "userextras/scopes", "uids"], ["impersonate"])
}
