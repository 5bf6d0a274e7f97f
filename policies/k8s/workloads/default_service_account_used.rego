# METADATA
# title: Workload runs as the default service account
# description: >-
#   Every Pod that names no service account runs as its namespace's default one, so all of them
#   share whatever RBAC anyone grants to default, and no permission can be given to one workload
#   alone. The Kubernetes documentation advises a service account per workload. This rule checks
#   the workload's pod spec (serviceAccountName unset or "default"); k8s-rbac-default-service-account-automount
#   checks the default accounts themselves. Checked on Pods and on every workload's pod template,
#   outside the system namespaces.
# custom:
#   id: k8s-workload-default-service-account
#   severity: low
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Create a service account for the workload and run it as that account:
#       kubectl create serviceaccount <app> -n <namespace>
#       spec:
#         serviceAccountName: <app>
#         automountServiceAccountToken: false   # unless it calls the Kubernetes API
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.workloads.default_service_account_used

import data.stance.lib.k8s
import rego.v1

cfg := input.resource.config

spec := k8s.pod_spec(cfg)

# serviceAccount is the deprecated spelling of serviceAccountName; the API server copies one to the other.
account := spec.serviceAccountName if {
	is_string(spec.serviceAccountName)
	spec.serviceAccountName != ""
}

account := spec.serviceAccount if {
	not is_string(object.get(spec, "serviceAccountName", null))
	is_string(spec.serviceAccount)
	spec.serviceAccount != ""
}

not_applicable if not k8s.hygiene_applies(cfg)

deny contains {"msg": "the pod names no service account, so it runs as default"} if not account

deny contains {"msg": "the pod runs as service account default"} if account == "default"
