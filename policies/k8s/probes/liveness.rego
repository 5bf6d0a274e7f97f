# METADATA
# title: Long-running container has no liveness probe
# description: >-
#   Without a liveness probe the kubelet restarts a container only when its process exits; one that
#   hangs (a deadlock, an exhausted pool) keeps running and keeps its place. The Kubernetes
#   documentation notes that a process that reliably exits when unhealthy does not need one:
#   mute the rule for such workloads with the stance.dev/ignore annotation. Checked on regular
#   containers and sidecars (init containers with restartPolicy: Always) of Deployments,
#   StatefulSets, DaemonSets, ReplicaSets, ReplicationControllers and Pods that restart (Jobs and
#   CronJobs run to completion), outside the system namespaces.
# custom:
#   id: k8s-container-liveness-probe-missing
#   severity: low
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller]
#   remediation: |-
#     Add a liveness probe that fails only when the process cannot recover by itself:
#       containers:
#         - name: app
#           livenessProbe:
#             httpGet: {path: /healthz, port: 8080}
#             periodSeconds: 10
#             failureThreshold: 3
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.probes.liveness

import data.stance.lib.k8s
import rego.v1

cfg := input.resource.config

not_applicable if not k8s.hygiene_applies(cfg)

not_applicable if not k8s.long_running_workload(cfg)

deny contains {"msg": msg, "container": entry.id} if {
	some entry in k8s.long_running_containers(cfg)
	object.get(entry.container, "livenessProbe", null) == null
	msg := sprintf("%s has no liveness probe", [entry.ref])
}
