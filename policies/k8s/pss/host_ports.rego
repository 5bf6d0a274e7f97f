# METADATA
# title: Container binds a port on the node (hostPort)
# description: >-
#   A hostPort opens the port on the node's own interfaces, bypassing Services and network
#   policies (PSS baseline: Host Ports).
# custom:
#   id: k8s-pss-host-ports
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Remove hostPort from the container ports and expose the workload through a Service:
#       ports:
#         - containerPort: 8080   # no hostPort
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.host_ports

import data.stance.lib.k8s
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

violations contains sprintf("%s binds host port %v", [entry.ref, port.hostPort]) if {
	some entry in k8s.all_containers(obj)
	some port in object.get(entry.container, "ports", [])
	not object.get(port, "hostPort", 0) in {0, null}
}

deny contains {"msg": pss.message("baseline", v)} if some v in violations
