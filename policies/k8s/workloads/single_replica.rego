# METADATA
# title: Deployment or StatefulSet runs a single replica
# description: >-
#   With one replica every rollout, node drain or node failure takes the application down until a
#   new Pod is ready. spec.replicas defaults to 1 when unset. A HorizontalPodAutoscaler that
#   targets the workload decides instead, through its minReplicas (joined from the collected
#   autoscalers; when they were not collected and spec.replicas is below 2, the rule reports error
#   rather than guess). Scaled to zero is a choice and not judged. Outside the system namespaces.
# custom:
#   id: k8s-workload-single-replica
#   severity: low
#   resource_types: [k8s.deployment, k8s.statefulset]
#   remediation: |-
#     Run at least two replicas (and spread them over nodes):
#       spec:
#         replicas: 2
#     or give its HorizontalPodAutoscaler minReplicas: 2. Then: kubectl apply -f <manifest>
#     (or kubectl scale deployment <name> -n <namespace> --replicas=2).
package stance.rules.k8s.workloads.single_replica

import data.stance.lib.k8s
import data.stance.lib.scaling
import rego.v1

not_applicable if not scaling.cfg.kind in scaling.scaled_kinds

not_applicable if k8s.in_system_namespace

not_applicable if scaling.minimum == 0

not_applicable if {
	scaling.replicas == 0
	not scaling.found
}

unknown contains msg if {
	not scaling.known
	msg := sprintf("spec.replicas is %d and whether a HorizontalPodAutoscaler scales %s %s is not known (%s)", [scaling.replicas, scaling.cfg.kind, input.resource.name, scaling.unknown_reason])
}

deny contains {"msg": msg} if {
	scaling.minimum == 1
	msg := sprintf("%s %s runs a single replica (%s)", [scaling.cfg.kind, input.resource.name, scaling.how])
}
