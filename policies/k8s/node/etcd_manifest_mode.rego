# METADATA
# title: Etcd static Pod manifest is readable or writable by others
# description: >-
#   The static Pod manifest of the etcd (etcd.yaml in the kubelet's static Pod directory)
#   decides how the component runs; anyone who can change it runs code as the component on the
#   control plane, and it names key and certificate paths. Its mode must be 600 or stricter. CIS
#   Kubernetes 1.1.7.
# custom:
#   id: k8s-node-etcd-manifest-mode
#   severity: medium
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every node the finding names, set the mode of the file (the finding gives its path; here the
#     benchmark's usual one):
#       chmod 600 /etc/kubernetes/manifests/etcd.yaml
#     The kubelet keeps running the static Pod; kubeadm writes manifests 600 on upgrade.
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.etcd_manifest_mode

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

deny contains {"msg": msg} if some msg in nf.too_open(cfg, selected, nf.mode_600, "600")
