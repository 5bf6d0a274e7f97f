# METADATA
# title: Etcd static Pod manifest is not owned by root:root
# description: >-
#   The static Pod manifest of the etcd (etcd.yaml in the kubelet's static Pod directory) must
#   be owned by root:root, so that only root can change how the component runs. CIS Kubernetes
#   1.1.8.
# custom:
#   id: k8s-node-etcd-manifest-owner
#   severity: medium
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every node the finding names, set the owner of the file (the finding gives its path; here the
#     benchmark's usual one):
#       chown root:root /etc/kubernetes/manifests/etcd.yaml
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.etcd_manifest_owner

import data.stance.lib.node_files as nf
import rego.v1

cfg := input.resource.config

item := "etcdManifest"

selected := nf.entries(cfg, item)

not_applicable if nf.none_found(cfg, item, selected)

unknown contains msg if {
	count(deny) == 0
	some msg in nf.unknowns(cfg, item, selected)
}

deny contains {"msg": msg} if some msg in nf.not_root_owned(cfg, selected)
