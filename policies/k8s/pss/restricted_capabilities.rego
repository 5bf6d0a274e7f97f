# METADATA
# title: Container does not drop ALL capabilities, or adds one other than NET_BIND_SERVICE
# description: >-
#   The restricted profile requires every container to drop ALL capabilities and add back at
#   most NET_BIND_SERVICE (PSS restricted: Capabilities).
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
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

deny contains {"msg": msg} if {
	some entry in k8s.all_containers(input.resource.config)
	not "ALL" in object.get(entry.container, ["securityContext", "capabilities", "drop"], [])
	msg := sprintf("%s does not drop ALL capabilities", [entry.ref])
}

deny contains {"msg": msg} if {
	some entry in k8s.all_containers(input.resource.config)
	some capability in object.get(entry.container, ["securityContext", "capabilities", "add"], [])
	capability != "NET_BIND_SERVICE"
	msg := sprintf("%s adds capability %s", [entry.ref, capability])
}
