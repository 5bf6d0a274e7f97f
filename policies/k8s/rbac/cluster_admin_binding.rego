# METADATA
# title: cluster-admin is bound to a user, group or service account
# description: >-
#   Binding the cluster-admin role gives unrestricted control of the whole cluster; only the
#   built-in system:masters binding should hold it (CIS Kubernetes 5.1.1).
# custom:
#   id: k8s-rbac-cluster-admin-binding
#   severity: high
#   resource_types: [k8s.rolebinding, k8s.clusterrolebinding]
#   remediation: |-
#     Bind a narrower role instead (admin or edit in one namespace, or a custom ClusterRole), then delete the binding:
#       kubectl delete clusterrolebinding <name>
#       kubectl create rolebinding <name> --clusterrole=edit --user=<user> -n <namespace>
package stance.rules.k8s.rbac.cluster_admin_binding

import data.stance.lib.rbac
import rego.v1

not_applicable if not rbac.is_binding(input.resource.config)

not_applicable if input.resource.config.roleRef.name != "cluster-admin"

not_applicable if rbac.built_in(input.resource.config)

deny contains {"msg": sprintf("%s %s binds cluster-admin to %s %s", [input.resource.config.kind, input.resource.config.metadata.name, subject.kind, subject.name])} if {
	some subject in object.get(input.resource.config, "subjects", [])
	not system_masters(subject)
}

system_masters(subject) if {
	subject.kind == "Group"
	subject.name == "system:masters"
}
