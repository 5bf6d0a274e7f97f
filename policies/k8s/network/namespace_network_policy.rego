# METADATA
# title: Namespace has no NetworkPolicy
# description: >-
#   Without any NetworkPolicy in a namespace, every Pod in it accepts traffic from every other Pod
#   in the cluster and can reach all of them. A live scan counts the cluster's NetworkPolicies; a
#   manifest scan counts those in the scanned paths, so scan a namespace together with its policies.
#   CIS Kubernetes 5.3.2.
# custom:
#   id: k8s-namespace-network-policy
#   severity: medium
#   resource_types: [k8s.namespace]
#   remediation: |-
#     Add at least a default-deny policy to the namespace and allow the traffic its workloads need
#     with further policies (the CNI plugin must enforce NetworkPolicies):
#       apiVersion: networking.k8s.io/v1
#       kind: NetworkPolicy
#       metadata: {name: default-deny, namespace: <namespace>}
#       spec:
#         podSelector: {}
#         policyTypes: [Ingress, Egress]
#     kubectl apply -f default-deny.yaml. A namespace that must stay open can be muted with the
#     annotation stance.dev/ignore: "k8s-namespace-network-policy: <reason>".
package stance.rules.k8s.network.namespace_network_policy

import rego.v1

cfg := input.resource.config

not_applicable if cfg.kind != "Namespace"

absent := {"absent": true}

policies := object.get(cfg, ["stance", "networkPolicies"], absent)

unknown contains msg if {
	policies == absent
	msg := sprintf("NetworkPolicies were not joined to namespace %s (the NetworkPolicy kind was not collected)", [input.resource.name])
}

unknown contains msg if {
	policies.collected == false
	msg := sprintf("NetworkPolicies of namespace %s are not known: %s", [input.resource.name, object.get(policies, "error", "not collected")])
}

deny contains {"msg": msg} if {
	policies == 0
	msg := sprintf("namespace %s has no NetworkPolicy: its Pods accept traffic from anywhere in the cluster", [input.resource.name])
}
