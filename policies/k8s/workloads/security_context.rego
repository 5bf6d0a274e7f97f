# METADATA
# title: Container runs without any security context
# description: >-
#   Neither the container nor its Pod sets a securityContext, so it runs with the image's user and
#   the runtime's defaults: no runAsNonRoot, no seccomp profile, privilege escalation allowed. The
#   Pod Security Standards rules check each setting; this one flags workloads that set none at all.
#   Checked on Pods and on the pod template of every workload. CIS Kubernetes 5.6.3.
# custom:
#   id: k8s-container-security-context-missing
#   severity: low
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Give the Pod and its containers a security context, at least:
#       spec:
#         securityContext:
#           runAsNonRoot: true
#           seccompProfile: {type: RuntimeDefault}
#         containers:
#           - name: <name>
#             securityContext:
#               allowPrivilegeEscalation: false
#               capabilities: {drop: ["ALL"]}
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.workloads.security_context

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

deny contains {"msg": msg, "container": entry.id} if {
	count(k8s.pod_security_context(input.resource.config)) == 0
	some entry in k8s.all_containers(input.resource.config)
	count(object.get(entry.container, "securityContext", {})) == 0
	msg := sprintf("%s has no securityContext and the Pod sets none", [entry.ref])
}
