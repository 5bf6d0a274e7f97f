# METADATA
# title: Kubelet kubeconfig is writable by others
# description: >-
#   The kubelet's kubeconfig (its --kubeconfig; /var/lib/kubelet/kubeconfig on EKS nodes) must
#   have mode 644 or stricter, the bound CIS Amazon EKS sets (3.1.1); CIS Kubernetes asks for
#   600 (rule k8s-node-kubelet-kubeconfig-mode).
# custom:
#   id: k8s-node-kubelet-kubeconfig-mode-644
#   severity: medium
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every node the finding names, set the mode of the file (the finding gives its path; here the
#     benchmark's usual one):
#       chmod 644 /var/lib/kubelet/kubeconfig
#     For node groups built from an image or a launch template, fix it there so that new nodes get it.
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.kubelet_kubeconfig_mode_644

import data.stance.lib.node_files as nf
import rego.v1

cfg := input.resource.config

item := "kubeletKubeconfig"

selected := nf.entries(cfg, item)

not_applicable if nf.none_found(cfg, item, selected)

unknown contains msg if {
	count(deny) == 0
	some msg in nf.unknowns(cfg, item, selected)
}

deny contains {"msg": msg} if some msg in nf.too_open(cfg, selected, nf.mode_644, "644")
