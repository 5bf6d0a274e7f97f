# METADATA
# title: Controller manager kubeconfig is not owned by root:root
# description: >-
#   /etc/kubernetes/controller-manager.conf holds the controller manager's credentials and must
#   be owned by root:root. CIS Kubernetes 1.1.18.
# custom:
#   id: k8s-node-controller-manager-kubeconfig-owner
#   severity: medium
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every node the finding names, set the owner of the file (the finding gives its path; here the
#     benchmark's usual one):
#       chown root:root /etc/kubernetes/controller-manager.conf
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.controller_manager_kubeconfig_owner

import data.stance.lib.node_files as nf
import rego.v1

cfg := input.resource.config

item := "controllerManagerKubeconfig"

selected := nf.entries(cfg, item)

not_applicable if nf.none_found(cfg, item, selected)

unknown contains msg if {
	count(deny) == 0
	some msg in nf.unknowns(cfg, item, selected)
}

deny contains {"msg": msg} if some msg in nf.not_root_owned(cfg, selected)
