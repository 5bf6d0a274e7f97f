# METADATA
# title: CNI configuration file is not owned by root:root
# description: >-
#   Files and directories in /etc/cni/net.d and the IPAM state in /var/lib/cni/networks must be
#   owned by root:root. CIS Kubernetes 1.1.10.
# custom:
#   id: k8s-node-cni-files-owner
#   severity: low
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every node the finding names, set the owner of the file (the finding gives its path; here the
#     benchmark's usual one):
#       chown root:root /etc/cni/net.d/<file>
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.cni_files_owner

import data.stance.lib.node_files as nf
import rego.v1

cfg := input.resource.config

item := "cniFiles"

selected := nf.entries(cfg, item)

not_applicable if nf.none_found(cfg, item, selected)

unknown contains msg if {
	count(deny) == 0
	some msg in nf.unknowns(cfg, item, selected)
}

deny contains {"msg": msg} if some msg in nf.not_root_owned(cfg, selected)
