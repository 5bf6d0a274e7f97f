# METADATA
# title: Administrator kubeconfig is readable by other users
# description: >-
#   /etc/kubernetes/admin.conf (and super-admin.conf, Kubernetes 1.29+) hold cluster-admin
#   credentials; their mode must be 600 or stricter. CIS Kubernetes 1.1.13.
# custom:
#   id: k8s-node-admin-kubeconfig-mode
#   severity: high
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every node the finding names, set the mode of the file (the finding gives its path; here the
#     benchmark's usual one):
#       chmod 600 /etc/kubernetes/admin.conf
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.admin_kubeconfig_mode

import data.stance.lib.node_files as nf
import rego.v1

cfg := input.resource.config

item := "adminKubeconfig"

selected := nf.entries(cfg, item)

not_applicable if nf.none_found(cfg, item, selected)

unknown contains msg if {
	count(deny) == 0
	some msg in nf.unknowns(cfg, item, selected)
}

deny contains {"msg": msg} if some msg in nf.too_open(cfg, selected, nf.mode_600, "600")
