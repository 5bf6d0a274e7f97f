# METADATA
# title: Role can read Secrets
# description: >-
#   The role grants get, list or watch on Secrets; anyone bound to it can read every Secret in
#   its scope (CIS Kubernetes 5.1.2).
# custom:
#   id: k8s-rbac-secrets-access
#   severity: medium
#   resource_types: [k8s.role, k8s.clusterrole]
#   remediation: |-
#     Remove get/list/watch on secrets from the role, or narrow it with resourceNames to the Secrets the workload needs:
#       rules:
#         - apiGroups: [""]
#           resources: ["secrets"]
#           resourceNames: ["app-db-password"]
#           verbs: ["get"]
#     Apply: kubectl apply -f <role.yaml>; review bindings with kubectl get rolebindings,clusterrolebindings -A -o wide.
package stance.rules.k8s.rbac.secrets_access

import data.stance.lib.rbac
import rego.v1

not_applicable if not rbac.is_role(input.resource.config)

not_applicable if rbac.built_in(input.resource.config)

deny contains {"msg": sprintf("%s %s can read Secrets", [input.resource.config.kind, input.resource.name])} if {
	rbac.grants(input.resource.config, [""], ["secrets"], ["get", "list", "watch"])
}
