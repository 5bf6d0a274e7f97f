# METADATA
# title: Role uses wildcards
# description: >-
#   A * in apiGroups, resources or verbs grants everything that exists now and everything added
#   later (CIS Kubernetes 5.1.3).
# custom:
#   id: k8s-rbac-wildcards
#   severity: medium
#   resource_types: [k8s.role, k8s.clusterrole]
#   remediation: |-
#     Replace each * with the explicit API groups, resources and verbs the subject needs:
#       rules:
#         - apiGroups: ["apps"]
#           resources: ["deployments"]
#           verbs: ["get", "list", "watch"]
#     Apply: kubectl apply -f <role.yaml>.
package stance.rules.k8s.rbac.wildcards

import data.stance.lib.rbac
import rego.v1

not_applicable if not rbac.is_role(input.resource.config)

not_applicable if rbac.built_in(input.resource.config)

# cluster-admin is the one built-in role meant to hold every permission (CIS 5.1.1 covers its use)
not_applicable if input.resource.config.metadata.name == "cluster-admin"

deny contains {"msg": sprintf("%s %s uses * in %s", [input.resource.config.kind, input.resource.name, field])} if {
	some rule in object.get(input.resource.config, "rules", [])
	some field in ["apiGroups", "resources", "verbs"]
	"*" in object.get(rule, field, [])
}
