# METADATA
# title: Container adds Linux capabilities beyond the baseline set
# description: >-
#   Capabilities such as SYS_ADMIN, NET_ADMIN or NET_RAW give a container kernel powers that
#   enable escapes and traffic spoofing (PSS baseline: Capabilities).
# custom:
#   id: k8s-pss-capabilities-baseline
#   severity: high
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Add only capabilities from the default set (AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID, KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID, SYS_CHROOT), ideally none:
#       securityContext:
#         capabilities: {drop: ["ALL"], add: ["NET_BIND_SERVICE"]}
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.capabilities_baseline

import data.stance.lib.k8s
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

allowed := {"AUDIT_WRITE", "CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP", "SETUID", "SYS_CHROOT"}

violations contains sprintf("%s adds capability %s", [entry.ref, capability]) if {
	some entry in k8s.all_containers(obj)
	some capability in object.get(k8s.security_context(entry.container), ["capabilities", "add"], [])
	not capability in allowed
}

deny contains {"msg": pss.message("baseline", v)} if some v in violations
