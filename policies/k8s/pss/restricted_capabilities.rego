# METADATA
# title: Container does not drop ALL capabilities, or adds one other than NET_BIND_SERVICE
# description: >-
#   The restricted profile requires every container to drop ALL capabilities and add back at
#   most NET_BIND_SERVICE. Checked from policy version v1.22; Linux only: from v1.25 Windows pods
#   are exempt (PSS restricted: Capabilities).
# custom:
#   id: k8s-pss-restricted-capabilities
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Drop every capability and add back only what is needed:
#       securityContext:
#         capabilities:
#           drop: ["ALL"]
#           add: ["NET_BIND_SERVICE"]   # only if it binds a port below 1024
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.restricted_capabilities

import data.stance.lib.k8s
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

# The check exists from v1.22; from v1.25 Windows pods are exempt.
not_applicable if pss.below(22)

not_applicable if pss.linux_only_exempt(obj)

capabilities(entry, list) := object.get(k8s.security_context(entry.container), ["capabilities", list], [])

violations contains sprintf("%s does not drop ALL capabilities", [entry.ref]) if {
	some entry in k8s.all_containers(obj)
	not "ALL" in capabilities(entry, "drop")
}

violations contains sprintf("%s adds capability %v", [entry.ref, capability]) if {
	some entry in k8s.all_containers(obj)
	some capability in capabilities(entry, "add")
	capability != "NET_BIND_SERVICE"
}

deny contains {"msg": pss.message("restricted", v)} if some v in violations
