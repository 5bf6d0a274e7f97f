# METADATA
# title: Role can use the nodes/proxy sub-resource
# description: >-
#   nodes/proxy reaches the kubelet API directly, bypassing admission control and audit logging
#   of pod operations (CIS Kubernetes 5.1.10).
# custom:
#   id: k8s-rbac-node-proxy
#   severity: high
#   resource_types: [k8s.role, k8s.clusterrole]
#   remediation: |-
#     Remove nodes/proxy from the role's resources (monitoring agents can read node metrics through nodes/metrics instead):
#       rules:
#         - apiGroups: [""]
#           resources: ["nodes/metrics"]
#           verbs: ["get"]
#     Apply: kubectl apply -f <role.yaml>.
package stance.rules.k8s.rbac.node_proxy

import data.stance.lib.rbac
import rego.v1

not_applicable if not rbac.is_role(input.resource.config)

not_applicable if rbac.built_in(input.resource.config)

deny contains {"msg": sprintf("%s %s can use nodes/proxy", [input.resource.config.kind, input.resource.name])} if {
	rbac.grants(input.resource.config, [""], ["nodes/proxy"], ["*", "get", "create", "update", "patch", "delete"])
}
