# METADATA
# title: etcd data directory is not owned by etcd:etcd
# description: >-
#   The etcd data directory must be owned by the etcd user and group (names from the node's
#   /etc/passwd and /etc/group), so that etcd runs without root access to it. CIS Kubernetes
#   1.1.12.
# custom:
#   id: k8s-node-etcd-data-dir-owner
#   severity: medium
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every node the finding names, set the owner of the file (the finding gives its path; here the
#     benchmark's usual one):
#       chown etcd:etcd /var/lib/etcd
#     Create the user and group first where they do not exist: useradd --system --no-create-home --user-group etcd.
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.etcd_data_dir_owner

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

unknown contains msg if {
	count(deny) == 0
	some msg in nf.unknown_names(cfg, selected)
}

deny contains {"msg": msg} if some msg in nf.not_owned_by(cfg, selected, "etcd", "etcd")
