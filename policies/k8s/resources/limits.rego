# METADATA
# title: Container sets no CPU or memory limit
# description: >-
#   Without a memory limit one container can take a node's memory and get its neighbours killed;
#   without a CPU limit it can starve them. The NSA/CISA Kubernetes Hardening Guidance asks for
#   limits on every container (through LimitRanges and ResourceQuotas). A LimitRange of type
#   Container in the namespace fills in its default limit at admission, and pod-level limits
#   (spec.resources.limits) bound containers that set none; both count as set. The namespace's
#   LimitRanges are joined from the collected objects: when they were not collected the rule
#   reports error rather than guess. Checked on regular and init containers, outside the system
#   namespaces.
# custom:
#   id: k8s-container-limits-missing
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Give every container CPU and memory limits:
#       containers:
#         - name: app
#           resources:
#             limits: {cpu: 500m, memory: 256Mi}
#     Or set namespace defaults with a LimitRange:
#       apiVersion: v1
#       kind: LimitRange
#       metadata: {name: defaults, namespace: <namespace>}
#       spec:
#         limits:
#           - type: Container
#             default: {cpu: 500m, memory: 256Mi}
#             defaultRequest: {cpu: 100m, memory: 128Mi}
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.resources.limits

import data.stance.lib.k8s
import data.stance.lib.resources
import rego.v1

cfg := input.resource.config

not_applicable if not k8s.hygiene_applies(cfg)

missing contains [entry, name] if {
	some entry in k8s.workload_containers(cfg)
	some name in resources.names
	not resources.limited(cfg, entry.container, name)
}

unknown contains msg if {
	some [entry, name] in missing
	not resources.limit_range_known
	msg := sprintf("%s sets no %s limit; whether a LimitRange in namespace %s gives it one is not known (%s)", [entry.ref, name, input.resource.region, resources.limit_range_reason])
}

deny contains {"msg": msg, "container": entry.id} if {
	some [entry, name] in missing
	resources.limit_range_known
	not resources.default_limit(name)
	msg := sprintf("%s sets no %s limit, and no LimitRange in namespace %s gives it one", [entry.ref, name, input.resource.region])
}
