# METADATA
# title: Kubelet does not manage its iptables chains
# description: >-
#   With makeIPTablesUtilChains false (the --make-iptables-util-chains flag) the kubelet leaves
#   its iptables utility chains to others, and the node's packet filtering can drift from what
#   Pods need. CIS Kubernetes 4.2.6.
# custom:
#   id: k8s-kubelet-make-iptables-util-chains
#   severity: low
#   resource_types: [k8s.node]
#   remediation: |-
#     In the kubelet configuration file of every node (kubeadm: /var/lib/kubelet/config.yaml,
#     generated from the kubelet-config ConfigMap in kube-system), set:
#       makeIPTablesUtilChains: true
#     then restart the kubelet: systemctl restart kubelet. With kubeadm, edit the ConfigMap too
#     (kubectl -n kube-system edit configmap kubelet-config) so that joins and upgrades keep it.
#     A command-line flag of the kubelet overrides the file: remove a conflicting flag from
#     the kubelet's systemd drop-in or KUBELET_EXTRA_ARGS.
package stance.rules.k8s.kubelet.make_iptables_util_chains

import data.stance.lib.kubelet
import rego.v1

cfg := input.resource.config

# Manifest scans carry no kubelet configuration: the rule does not apply to their Nodes.
not_applicable if not kubelet.has_fact(cfg)

unknown contains msg if msg := kubelet.failure(cfg)

unknown contains msg if msg := kubelet.missing(cfg, ["makeIPTablesUtilChains"])

deny contains {"msg": msg} if {
	kubelet.field(cfg, ["makeIPTablesUtilChains"]) != true
	msg := sprintf("kubelet on node %s does not manage its iptables utility chains (makeIPTablesUtilChains is false)", [input.resource.name])
}
