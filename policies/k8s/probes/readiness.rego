# METADATA
# title: Container behind a Service has no readiness probe
# description: >-
#   A Service sends traffic to every Pod it selects that is Ready; without a readiness probe a
#   container counts as ready as soon as it starts, so requests reach Pods that are still warming
#   up or cannot serve. The readiness probe only matters for Pods a Service selects, as the
#   Kubernetes documentation explains, so the rule applies to workloads whose Pod labels match the
#   selector of a Service in their namespace (joined from the collected Services; when Services
#   were not collected the rule reports error rather than guess). Checked on regular containers
#   and sidecars of Deployments, StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers and
#   Pods that restart, outside the system namespaces.
# custom:
#   id: k8s-container-readiness-probe-missing
#   severity: low
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller]
#   remediation: |-
#     Add a readiness probe that succeeds only when the container can serve:
#       containers:
#         - name: app
#           readinessProbe:
#             httpGet: {path: /ready, port: 8080}
#             periodSeconds: 5
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.probes.readiness

import data.stance.lib.k8s
import rego.v1

cfg := input.resource.config

# The Services of the namespace that select this workload's Pods (src/enrich/k8s.ts).
services := object.get(cfg, ["stance", "services"], {"collected": false, "reason": "Services were not joined to this object"})

selected if count(object.get(services, "names", [])) > 0

not_applicable if not k8s.hygiene_applies(cfg)

not_applicable if not k8s.long_running_workload(cfg)

not_applicable if {
	services.collected == true
	not selected
}

unknown contains msg if {
	not selected
	services.collected != true
	msg := sprintf("whether a Service sends traffic to these Pods is not known (%s)", [object.get(services, "reason", "not collected")])
}

deny contains {"msg": msg, "container": entry.id} if {
	selected
	some entry in k8s.long_running_containers(cfg)
	object.get(entry.container, "readinessProbe", null) == null
	msg := sprintf("%s has no readiness probe, and Service %s sends traffic to its Pods", [entry.ref, concat(", ", services.names)])
}
