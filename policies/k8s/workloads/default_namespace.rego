# METADATA
# title: Workload runs in the default namespace
# description: >-
#   The default namespace has no owner and usually no network policies, quotas or Pod Security
#   labels; workloads belong in namespaces that carry them (CIS Kubernetes 5.6.4).
# custom:
#   id: k8s-default-namespace-used
#   severity: low
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob, k8s.service]
#   remediation: |-
#     Create a namespace for the application, give it Pod Security labels, quotas and network
#     policies, and deploy there:
#       kubectl create namespace shop
#       kubectl label namespace shop pod-security.kubernetes.io/enforce=restricted
#       kubectl apply -n shop -f <manifest>   (and set metadata.namespace: shop in the manifest)
#     Then delete the copy in default: kubectl delete -n default -f <manifest>
package stance.rules.k8s.workloads.default_namespace

import data.stance.lib.k8s
import rego.v1

# The API server's own Service in default is not a workload.
not_applicable if {
	input.resource.config.kind == "Service"
	input.resource.config.metadata.name == "kubernetes"
}

not_applicable if k8s.owned_pod(input.resource.config)

deny contains {"msg": sprintf("%s %s is in the default namespace", [input.resource.config.kind, input.resource.name])} if {
	input.resource.region == "default"
}
