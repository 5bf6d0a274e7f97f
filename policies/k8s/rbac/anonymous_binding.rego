# METADATA
# title: A binding grants a role to anonymous or unauthenticated requests
# description: >-
#   A subject User system:anonymous or Group system:unauthenticated gives the role's permissions to
#   anyone who can reach the API server, without credentials (when anonymous authentication is on,
#   the API server's default). The Kubernetes documentation advises reviewing and removing such
#   bindings. The built-in system: bindings (discovery and public information) are skipped.
#   Checked on RoleBindings and ClusterRoleBindings in every namespace.
# custom:
#   id: k8s-rbac-anonymous-binding
#   severity: high
#   resource_types: [k8s.rolebinding, k8s.clusterrolebinding]
#   remediation: |-
#     Remove the anonymous subjects from the binding (or delete it) and bind named users, groups or service accounts:
#       kubectl edit clusterrolebinding <name>     # delete the system:anonymous / system:unauthenticated subject
#       kubectl delete rolebinding <name> -n <namespace>
#     Consider --anonymous-auth=false on the API server where health checks do not need it.
package stance.rules.k8s.rbac.anonymous_binding

import data.stance.lib.rbac
import rego.v1

binding := input.resource.config

not_applicable if not rbac.is_binding(binding)

not_applicable if rbac.built_in(binding)

anonymous(subject) if {
	subject.kind == "User"
	subject.name == "system:anonymous"
}

anonymous(subject) if {
	subject.kind == "Group"
	subject.name == "system:unauthenticated"
}

deny contains {"msg": msg} if {
	some subject in object.get(binding, "subjects", [])
	anonymous(subject)
	ref := object.get(binding, "roleRef", {})
	msg := sprintf("%s %s grants %s %s to %s %s (no credentials needed)", [binding.kind, input.resource.name, object.get(ref, "kind", "role"), object.get(ref, "name", "?"), subject.kind, subject.name])
}
