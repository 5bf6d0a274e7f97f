# METADATA
# title: Workload mounts a service account token it may not need
# description: >-
#   The pod gets an API token for its service account mounted at
#   /var/run/secrets/kubernetes.io/serviceaccount because neither the pod spec nor its service
#   account sets automountServiceAccountToken: false. Anyone who compromises a container can use
#   the token against the API server. Workloads that call the API should say so explicitly
#   (automountServiceAccountToken: true on the pod), all others should not mount it. Checked on
#   Pods and on the pod template of every workload. CIS Kubernetes 5.1.6.
# custom:
#   id: k8s-workload-service-account-token
#   severity: low
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     If the workload does not call the Kubernetes API, stop mounting the token in its pod spec:
#       spec:
#         automountServiceAccountToken: false
#     (or on its service account: kubectl patch serviceaccount <name> -n <namespace>
#     -p '{"automountServiceAccountToken": false}'). If it does call the API, give it its own
#     service account with the least RBAC it needs and set automountServiceAccountToken: true on
#     the pod spec to record that decision.
package stance.rules.k8s.workloads.service_account_token

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

spec := k8s.pod_spec(input.resource.config)

# An explicit true on the pod records that the workload needs the API: a decision, not a default.
decided if is_boolean(spec.automountServiceAccountToken)

account := object.get(input.resource.config, ["stance", "serviceAccount"], {"collected": false})

account_name := object.get(account, "name", object.get(spec, "serviceAccountName", "default"))

unknown contains msg if {
	not decided
	account.collected != true
	msg := sprintf("service account %s is not among the collected objects: whether it mounts its token cannot be verified", [account_name])
}

deny contains {"msg": msg} if {
	not decided
	account.collected == true
	account.automount != false
	msg := sprintf("the pod mounts the token of service account %s by default (neither the pod nor the account sets automountServiceAccountToken: false)", [account_name])
}
