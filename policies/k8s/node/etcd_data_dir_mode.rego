# METADATA
# title: etcd data directory is open to other users
# description: >-
#   The etcd data directory (--data-dir of etcd, from its static Pod manifest or process;
#   /var/lib/etcd by default) holds every object of the cluster, Secrets included. Its mode must
#   be 700 or stricter. CIS Kubernetes 1.1.11.
# custom:
#   id: k8s-node-etcd-data-dir-mode
#   severity: high
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every etcd node, with the data directory the finding names:
#       chmod 700 /var/lib/etcd
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.etcd_data_dir_mode

import data.stance.lib.node_files as nf
import rego.v1

cfg := input.resource.config

item := "etcdDataDir"

selected := nf.entries(cfg, item)

not_applicable if nf.none_found(cfg, item, selected)

unknown contains msg if {
	count(deny) == 0
	some msg in nf.unknowns(cfg, item, selected)
}

deny contains {"msg": msg} if some msg in nf.too_open(cfg, selected, nf.mode_700, "700")
