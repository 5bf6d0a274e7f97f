# METADATA
# title: Pod shares the node's PID namespace (hostPID)
# description: >-
#   hostPID: true lets the pod see and reach the node's PID namespace: its processes (PSS
#   baseline: Host Namespaces).
# custom:
#   id: k8s-pss-host-pid
#   severity: high
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Remove hostPID from the pod spec or set it to false:
#       spec:
#         hostPID: false
#     Then re-apply: kubectl apply -f <manifest>. Enforce with the namespace label pod-security.kubernetes.io/enforce=baseline.
package stance.rules.k8s.pss.host_pid

import data.stance.lib.k8s
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

violations contains "the pod spec sets hostPID: true" if k8s.pod_spec(obj).hostPID == true

deny contains {"msg": pss.message("baseline", v)} if some v in violations
