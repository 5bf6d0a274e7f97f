# METADATA
# title: Container runs privileged
# description: >-
#   A privileged container has every capability and full access to the node's devices; escaping
#   to the node is trivial. Checked on Pods and on the pod template of every workload, for
#   regular, init and ephemeral containers.
# custom:
#   id: k8s-container-privileged
#   severity: high
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Remove `privileged: true` from the container's securityContext (or set it to false) and
#     grant only the specific capabilities the workload needs:
#       containers:
#         - name: <name>
#           securityContext:
#             privileged: false
#             allowPrivilegeEscalation: false
#             capabilities: {drop: ["ALL"]}
#     Then re-apply: kubectl apply -f <manifest>. Enforce it cluster-wide with the Pod Security
#     Admission label pod-security.kubernetes.io/enforce=baseline on the namespace.
package stance.rules.k8s.workloads.privileged_container

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

deny contains {"msg": msg, "container": entry.id} if {
	some entry in k8s.all_containers(input.resource.config)
	entry.container.securityContext.privileged == true
	msg := sprintf("%s runs privileged", [entry.ref])
}
