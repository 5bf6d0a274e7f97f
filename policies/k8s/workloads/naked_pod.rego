# METADATA
# title: Pod is not managed by a controller
# description: >-
#   A Pod created on its own (no controller in its ownerReferences) is not recreated when its node
#   fails or is drained, and cannot be rolled out or scaled; the Kubernetes documentation advises
#   running Pods through a Deployment, StatefulSet, DaemonSet or Job instead. Mirror Pods of
#   static Pods are owned by their Node and pass. Outside the system namespaces.
# custom:
#   id: k8s-naked-pod
#   severity: low
#   resource_types: [k8s.pod]
#   remediation: |-
#     Run the Pod through a controller, e.g. a Deployment whose template is the Pod's spec:
#       apiVersion: apps/v1
#       kind: Deployment
#       metadata: {name: <name>, namespace: <namespace>}
#       spec:
#         replicas: 2
#         selector: {matchLabels: {app: <name>}}
#         template:
#           metadata: {labels: {app: <name>}}
#           spec: <the Pod's spec>
#     kubectl apply -f deployment.yaml, then kubectl delete pod <name> -n <namespace>.
package stance.rules.k8s.workloads.naked_pod

import data.stance.lib.k8s
import rego.v1

cfg := input.resource.config

not_applicable if cfg.kind != "Pod"

not_applicable if k8s.in_system_namespace

controlled if {
	some ref in object.get(object.get(cfg, "metadata", {}), "ownerReferences", [])
	ref.controller == true
}

deny contains {"msg": sprintf("Pod %s has no controller: it is not recreated if its node fails", [input.resource.name])} if not controlled
