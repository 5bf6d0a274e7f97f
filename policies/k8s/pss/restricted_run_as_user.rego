# METADATA
# title: Container runs as user ID 0 (root)
# description: >-
#   runAsUser: 0 on the pod or a container runs the process as root. Checked from policy version
#   v1.23; from v1.35 pods with their own user namespace (hostUsers: false) are exempt (PSS
#   restricted: Running as Non-root user).
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
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

# The check exists from v1.23; from v1.35 pods in a user namespace (hostUsers: false) are exempt.
not_applicable if pss.below(23)

not_applicable if pss.user_namespace_exempt(obj)

violations contains "the pod sets runAsUser: 0" if {
	k8s.pod_security_context(obj).runAsUser == 0
}

violations contains sprintf("%s sets runAsUser: 0", [entry.ref]) if {
	some entry in k8s.all_containers(obj)
	k8s.security_context(entry.container).runAsUser == 0
}

deny contains {"msg": pss.message("restricted", v)} if some v in violations
