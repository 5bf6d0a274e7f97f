# METADATA
# title: CNI configuration file is readable or writable by others
# description: >-
#   Files in /etc/cni/net.d (CNI configuration, some holding a kubeconfig for the plugin) and
#   the IPAM state in /var/lib/cni/networks configure the node's pod network; their mode must be
#   600 or stricter. Directories are not judged by this mode. CIS Kubernetes 1.1.9.
# custom:
#   id: k8s-node-cni-files-mode
#   severity: low
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every node, for each file the finding lists:
#       chmod 600 /etc/cni/net.d/<file>
#     The CNI plugin's installer may rewrite it: set the mode in its DaemonSet or chart too.
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.cni_files_mode

import data.stance.lib.node_files as nf
import rego.v1

cfg := input.resource.config

item := "cniFiles"

# files (and links to files): a directory needs its x bits
selected := [e | some e in nf.entries(cfg, item); not e.type == "directory"]

not_applicable if nf.none_found(cfg, item, selected)

unknown contains msg if {
	count(deny) == 0
	some msg in nf.unknowns(cfg, item, selected)
}

deny contains {"msg": msg} if some msg in nf.too_open(cfg, selected, nf.mode_600, "600")
