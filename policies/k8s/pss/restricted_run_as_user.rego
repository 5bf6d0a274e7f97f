# METADATA
# title: Container runs as user ID 0 (root)
# description: >-
#   runAsUser: 0 on the pod or a container runs the process as root (PSS restricted: Running as
#   Non-root user).
# custom:
#   id: k8s-pss-restricted-run-as-user
#   severity: high
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Set runAsUser to a non-zero UID, or remove it and rely on the image's non-root USER:
#       securityContext:
#         runAsUser: 10001
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.restricted_run_as_user

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

deny contains {"msg": "the pod sets runAsUser: 0"} if {
	k8s.pod_security_context(input.resource.config).runAsUser == 0
}

deny contains {"msg": msg} if {
	some entry in k8s.all_containers(input.resource.config)
	entry.container.securityContext.runAsUser == 0
	msg := sprintf("%s sets runAsUser: 0", [entry.ref])
}
