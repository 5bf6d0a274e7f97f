# METADATA
# title: Role can exec into or attach to Pods
# description: >-
#   create on pods/exec or pods/attach runs commands in, or takes over the terminal of, any
#   container of a Pod in scope: its files, its service account token and the Secrets it mounts
#   become the subject's. The Kubernetes RBAC good practices list both as escalation paths. get is
#   counted too: API servers before v1.30 accepted exec and attach over a WebSocket upgrade with
#   get alone. Built-in system: roles are skipped.
# custom:
#   id: k8s-rbac-pod-exec-attach
#   severity: high
#   resource_types: [k8s.role, k8s.clusterrole]
#   remediation: |-
#     Remove pods/exec and pods/attach from the role; grant them only to a break-glass role bound when needed:
#       rules:
#         - apiGroups: [""]
#           resources: ["pods", "pods/log"]
#           verbs: ["get", "list", "watch"]
#     Apply: kubectl apply -f <role.yaml>.
package stance.rules.k8s.rbac.pod_exec_attach

import data.stance.lib.rbac
import rego.v1

not_applicable if not rbac.is_role(input.resource.config)

not_applicable if rbac.built_in(input.resource.config)

deny contains {"msg": msg} if {
	some sub in ["exec", "attach"]
	verbs := rbac.granted_verbs(input.resource.config, [""], [sprintf("pods/%s", [sub])], ["create", "get"])
	count(verbs) > 0
	msg := sprintf("%s %s can %s into Pods (%s on pods/%s)", [input.resource.config.kind, input.resource.name, sub, concat(", ", sort(verbs)), sub])
}
