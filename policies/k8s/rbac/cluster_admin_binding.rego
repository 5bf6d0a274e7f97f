# METADATA
# title: cluster-admin (or a role equal to it) is bound to a user, group or service account
# description: >-
#   Binding the cluster-admin role gives unrestricted control of the whole cluster; only the
#   built-in system:masters binding should hold it (CIS Kubernetes 5.1.1). A Role or ClusterRole
#   with a rule granting every verb (*) on every resource (*) of every API group (*) is
#   cluster-admin in effect whatever its name, so bindings to such roles are reported too; the
#   role's rules come from the collected objects, and a binding whose role was not collected is
#   reported as not verifiable.
# custom:
#   id: k8s-rbac-cluster-admin-binding
#   severity: high
#   resource_types: [k8s.rolebinding, k8s.clusterrolebinding]
#   remediation: |-
#     Bind a narrower role instead (admin or edit in one namespace, or a custom ClusterRole listing
#     the API groups, resources and verbs needed), then delete the binding:
#       kubectl delete clusterrolebinding <name>
#       kubectl create rolebinding <name> --clusterrole=edit --user=<user> -n <namespace>
#     For a custom role with apiGroups/resources/verbs ["*"], replace the wildcards with explicit lists.
package stance.rules.k8s.rbac.cluster_admin_binding

import data.stance.lib.rbac
import rego.v1

binding := input.resource.config

ref := object.get(binding, "roleRef", {})

# The role the binding names, joined from the collected Roles and ClusterRoles (src/enrich/k8s.ts).
role := object.get(binding, ["stance", "role"], {"collected": false, "reason": "the binding's role was not joined"})

not_applicable if not rbac.is_binding(binding)

not_applicable if rbac.built_in(binding)

not_applicable if {
	not names_cluster_admin
	role.collected == true
	not grants_everything
}

names_cluster_admin if {
	ref.kind == "ClusterRole"
	ref.name == "cluster-admin"
}

grants_everything if {
	some rule in object.get(role, "rules", [])
	"*" in object.get(rule, "apiGroups", [])
	"*" in object.get(rule, "resources", [])
	"*" in object.get(rule, "verbs", [])
}

unknown contains msg if {
	not names_cluster_admin
	role.collected != true
	msg := sprintf("%s %s binds %s %s, whose rules are not known (%s): whether it grants every permission cannot be verified", [binding.kind, input.resource.name, object.get(ref, "kind", "?"), object.get(ref, "name", "?"), object.get(role, "reason", "not collected")])
}

granted := "cluster-admin" if names_cluster_admin

granted := sprintf("%s %s (every verb on every resource: cluster-admin in effect)", [ref.kind, ref.name]) if {
	not names_cluster_admin
	binding.kind == "ClusterRoleBinding"
}

granted := sprintf("%s %s (every verb on every resource of namespace %s)", [ref.kind, ref.name, input.resource.region]) if {
	not names_cluster_admin
	binding.kind == "RoleBinding"
}

admin_equivalent if names_cluster_admin

admin_equivalent if grants_everything

deny contains {"msg": sprintf("%s %s binds %s to %s %s", [binding.kind, input.resource.name, granted, object.get(subject, "kind", "subject"), object.get(subject, "name", "(no name)")])} if {
	admin_equivalent
	some subject in object.get(binding, "subjects", [])
	not system_masters(subject)
}

system_masters(subject) if {
	subject.kind == "Group"
	subject.name == "system:masters"
}
