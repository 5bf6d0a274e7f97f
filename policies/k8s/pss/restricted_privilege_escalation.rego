# METADATA
# title: Container may gain more privileges than its parent (allowPrivilegeEscalation not false)
# description: >-
#   Unless allowPrivilegeEscalation is false, setuid binaries can raise a process's privileges
#   inside the container. Linux only: from policy version v1.25 Windows pods (spec.os.name:
#   windows) are exempt (PSS restricted: Privilege Escalation).
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
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

# The field exists from v1.8; from v1.25 Windows pods are exempt.
not_applicable if pss.below(8)

not_applicable if pss.linux_only_exempt(obj)

violations contains sprintf("%s does not set allowPrivilegeEscalation: false", [entry.ref]) if {
	some entry in k8s.all_containers(obj)
	object.get(k8s.security_context(entry.container), "allowPrivilegeEscalation", null) != false
}

deny contains {"msg": pss.message("restricted", v)} if some v in violations
