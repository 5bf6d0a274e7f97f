# METADATA
# title: Container is not required to run as a non-root user
# description: >-
#   runAsNonRoot must be true for every container, set on the pod or on each container; a
#   container-level false overrides the pod (PSS restricted: Running as Non-root).
# custom:
#   id: k8s-pss-restricted-run-as-non-root
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Set runAsNonRoot: true on the pod (and never false on a container), and build the image with a non-root USER:
#       spec:
#         securityContext:
#           runAsNonRoot: true
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.restricted_run_as_non_root

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

deny contains {"msg": msg} if {
	some entry in k8s.all_containers(input.resource.config)
	k8s.effective(input.resource.config, entry.container, "runAsNonRoot", false) != true
	msg := sprintf("%s may run as root (runAsNonRoot is not true)", [entry.ref])
}
