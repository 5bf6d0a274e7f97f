# METADATA
# title: Container sets no CPU or memory request
# description: >-
#   The scheduler places Pods by their requests. A container without a memory or CPU request can be
#   packed onto a node that cannot hold it, and is first in line for eviction under memory pressure
#   (BestEffort). As the Kubernetes documentation describes, a container that sets only a limit
#   gets that limit as its request, a LimitRange of type Container in the namespace fills in its
#   default request (or default limit) at admission, and pod-level resources (spec.resources) cover
#   containers that set none; each counts as set. The namespace's LimitRanges are joined from the
#   collected objects: when they were not collected the rule reports error rather than guess.
#   Checked on regular and init containers, outside the system namespaces.
# custom:
#   id: k8s-container-requests-missing
#   severity: low
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Give every container CPU and memory requests sized from its observed usage:
#       containers:
#         - name: app
#           resources:
#             requests: {cpu: 100m, memory: 128Mi}
#     Or set namespace defaults with a LimitRange (type: Container, defaultRequest: {cpu: 100m, memory: 128Mi}).
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.resources.requests

import data.stance.lib.k8s
import data.stance.lib.resources
import rego.v1

cfg := input.resource.config

not_applicable if not k8s.hygiene_applies(cfg)

missing contains [entry, name] if {
	some entry in k8s.workload_containers(cfg)
	some name in resources.names
	not resources.requested(cfg, entry.container, name)
}

unknown contains msg if {
	some [entry, name] in missing
	not resources.limit_range_known
	msg := sprintf("%s sets no %s request; whether a LimitRange in namespace %s gives it one is not known (%s)", [entry.ref, name, input.resource.region, resources.limit_range_reason])
}

deny contains {"msg": msg, "container": entry.id} if {
	some [entry, name] in missing
	resources.limit_range_known
	not resources.default_request(name)
	msg := sprintf("%s sets no %s request (nor a limit it would default to), and no LimitRange in namespace %s gives it one", [entry.ref, name, input.resource.region])
}
