# METADATA
# title: Role can create Pods
# description: >-
#   Creating Pods lets a subject run any image with any service account of the namespace, a path
#   to its permissions and Secrets (CIS Kubernetes 5.1.4).
# custom:
#   id: k8s-rbac-pod-create
#   severity: medium
#   resource_types: [k8s.role, k8s.clusterrole]
#   remediation: |-
#     Remove create on pods; let controllers (Deployments, Jobs) create Pods through their own service accounts:
#       rules:
#         - apiGroups: ["apps"]
#           resources: ["deployments"]
#           verbs: ["get", "list", "update"]
#     Apply: kubectl apply -f <role.yaml>.
package stance.rules.k8s.rbac.pod_create

import data.stance.lib.rbac
import rego.v1

not_applicable if not rbac.is_role(input.resource.config)

not_applicable if rbac.built_in(input.resource.config)

deny contains {"msg": sprintf("%s %s can create Pods", [input.resource.config.kind, input.resource.name])} if {
	rbac.grants(input.resource.config, [""], ["pods"], ["create"])
}
