# METADATA
# title: Kubelet authorizes every request (AlwaysAllow)
# description: >-
#   With authorization.mode AlwaysAllow (the --authorization-mode flag default) the kubelet serves
#   every request it authenticates, exec and logs of every Pod on the node included, without
#   asking the API server. CIS Kubernetes 4.2.2.
# custom:
#   id: k8s-kubelet-authorization-mode
#   severity: high
#   resource_types: [k8s.node]
#   remediation: |-
#     In the kubelet configuration file of every node (kubeadm: /var/lib/kubelet/config.yaml,
#     generated from the kubelet-config ConfigMap in kube-system), set:
#       authorization:
#         mode: Webhook
#       authentication:
#         webhook:
#           enabled: true
#     then restart the kubelet: systemctl restart kubelet. With kubeadm, edit the ConfigMap too
#     (kubectl -n kube-system edit configmap kubelet-config) so that joins and upgrades keep it.
#     A command-line flag of the kubelet overrides the file: remove a conflicting flag from
#     the kubelet's systemd drop-in or KUBELET_EXTRA_ARGS.
package stance.rules.k8s.kubelet.authorization_mode

import data.stance.lib.kubelet
import rego.v1

cfg := input.resource.config

# Manifest scans carry no kubelet configuration: the rule does not apply to their Nodes.
not_applicable if not kubelet.has_fact(cfg)

unknown contains msg if msg := kubelet.failure(cfg)

unknown contains msg if msg := kubelet.missing(cfg, ["authorization", "mode"])

deny contains {"msg": msg} if {
	kubelet.field(cfg, ["authorization", "mode"]) == "AlwaysAllow"
	msg := sprintf("kubelet on node %s authorizes every request (authorization.mode AlwaysAllow)", [input.resource.name])
}
