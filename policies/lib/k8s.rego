# METADATA
# title: Kubernetes helpers
# description: Pod specs and containers of Pods and of every workload's pod template.
package stance.lib.k8s

import rego.v1

template_kinds := {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job"}

# The pod spec a Kubernetes object runs: a Pod's own spec, a workload's template, a CronJob's job template.
pod_spec(obj) := obj.spec if obj.kind == "Pod"

pod_spec(obj) := obj.spec.template.spec if obj.kind in template_kinds

pod_spec(obj) := obj.spec.jobTemplate.spec.template.spec if obj.kind == "CronJob"

container_fields := {"containers": "container", "initContainers": "init container", "ephemeralContainers": "ephemeral container"}

# Every container of the pod spec, with the kind of container it is.
all_containers(obj) := [{"kind": label, "container": c} |
	spec := pod_spec(obj)
	some field, label in container_fields
	some c in object.get(spec, field, [])
]
