# METADATA
# title: A binding names the system:masters group
# description: >-
#   Membership of system:masters bypasses RBAC entirely and cannot be revoked by removing
#   bindings; no binding should rely on it (CIS Kubernetes 5.1.7).
# custom:
#   id: k8s-rbac-system-masters-binding
#   severity: high
#   resource_types: [k8s.rolebinding, k8s.clusterrolebinding]
#   remediation: |-
#     Remove system:masters from the binding's subjects and bind named users or groups to a specific role:
#       kubectl edit clusterrolebinding <name>
#     and issue client certificates without O=system:masters.
package stance.rules.k8s.rbac.system_masters_binding

import data.stance.lib.rbac
import rego.v1

not_applicable if not rbac.is_binding(input.resource.config)

# the API server's own bootstrap binding
not_applicable if input.resource.config.metadata.name == "cluster-admin"

deny contains {"msg": sprintf("%s %s binds the system:masters group", [input.resource.config.kind, input.resource.name])} if {
	some subject in object.get(input.resource.config, "subjects", [])
	subject.kind == "Group"
	subject.name == "system:masters"
}
