# METADATA
# title: Container may gain more privileges than its parent (allowPrivilegeEscalation not false)
# description: >-
#   Unless allowPrivilegeEscalation is false, setuid binaries can raise a process's privileges
#   inside the container (PSS restricted: Privilege Escalation).
# custom:
#   id: k8s-pss-restricted-privilege-escalation
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Set allowPrivilegeEscalation: false on every container, init container and ephemeral container:
#       securityContext:
#         allowPrivilegeEscalation: false
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.restricted_privilege_escalation

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

deny contains {"msg": msg} if {
	some entry in k8s.all_containers(input.resource.config)
	object.get(entry.container, ["securityContext", "allowPrivilegeEscalation"], true) != false
	msg := sprintf("%s does not set allowPrivilegeEscalation: false", [entry.ref])
}
