# METADATA
# title: A probe or lifecycle handler sends its request to another host
# description: >-
#   The kubelet runs httpGet and tcpSocket probes and lifecycle handlers from the node. A host set
#   on them makes the kubelet connect wherever the pod author points it, for example to services
#   reachable only from the node's network (PSS baseline: Host Probes / Lifecycle Hooks, from
#   policy version v1.34).
# custom:
#   id: k8s-pss-host-probes
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Remove host from the probes (livenessProbe, readinessProbe, startupProbe) and the lifecycle
#     handlers (postStart, preStop) of every container, so they reach the pod's own IP:
#       livenessProbe:
#         httpGet: {path: /healthz, port: 8080}   # no host
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.host_probes

import data.stance.lib.k8s
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

# The check exists from v1.34.
not_applicable if pss.below(34)

handlers contains {"where": probe, "handler": object.get(entry.container, probe, null), "entry": entry} if {
	some entry in k8s.all_containers(obj)
	some probe in ["livenessProbe", "readinessProbe", "startupProbe"]
}

handlers contains {"where": sprintf("lifecycle.%s", [hook]), "handler": object.get(entry.container, ["lifecycle", hook], null), "entry": entry} if {
	some entry in k8s.all_containers(obj)
	some hook in ["postStart", "preStop"]
}

violations contains sprintf("%s sets %s.%s.host %v", [h.entry.ref, h.where, action, host]) if {
	some h in handlers
	some action in ["httpGet", "tcpSocket"]
	host := object.get(h.handler, [action, "host"], "")
	not host in {"", null}
}

deny contains {"msg": pss.message("baseline", v)} if some v in violations
