# METADATA
# title: Container keeps the NET_RAW capability
# description: >-
#   Container runtimes grant NET_RAW by default. It lets a process craft raw packets, enough for
#   ARP or DNS spoofing against neighbouring Pods. A container keeps it unless it drops NET_RAW or
#   ALL; adding it back is flagged too. Checked on Pods and on the pod template of every workload,
#   for regular, init and ephemeral containers. CIS Kubernetes 5.2.8.
# custom:
#   id: k8s-container-net-raw
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Drop all capabilities and add back only what the container needs (never NET_RAW):
#       containers:
#         - name: <name>
#           securityContext:
#             capabilities: {drop: ["ALL"]}
#     Then re-apply: kubectl apply -f <manifest>. The Pod Security Admission label
#     pod-security.kubernetes.io/enforce=restricted on the namespace enforces it.
package stance.rules.k8s.workloads.net_raw

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

# "net_raw", "CAP_NET_RAW" and "NET_RAW" all name the capability.
name(cap) := upper(trim_prefix(upper(cap), "CAP_"))

capabilities(container, list) := {name(cap) | some cap in object.get(container, ["securityContext", "capabilities", list], [])}

deny contains {"msg": msg, "container": entry.id} if {
	some entry in k8s.all_containers(input.resource.config)
	dropped := capabilities(entry.container, "drop")
	not "ALL" in dropped
	not "NET_RAW" in dropped
	msg := sprintf("%s does not drop NET_RAW (or ALL)", [entry.ref])
}

deny contains {"msg": msg, "container": entry.id} if {
	some entry in k8s.all_containers(input.resource.config)
	"NET_RAW" in capabilities(entry.container, "add")
	msg := sprintf("%s adds NET_RAW", [entry.ref])
}
