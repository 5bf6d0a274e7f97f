# METADATA
# title: Kubelet service file is not owned by root:root
# description: >-
#   The kubelet's systemd unit and drop-ins must be owned by root:root. CIS Kubernetes 4.1.2.
# custom:
#   id: k8s-node-kubelet-service-owner
#   severity: medium
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every node the finding names, set the owner of the file (the finding gives its path; here the
#     benchmark's usual one):
#       chown root:root /etc/systemd/system/kubelet.service.d/10-kubeadm.conf
#       systemctl daemon-reload
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.kubelet_service_owner

import data.stance.lib.node_files as nf
import rego.v1

cfg := input.resource.config

item := "kubeletService"

selected := nf.entries(cfg, item)

not_applicable if nf.none_found(cfg, item, selected)

unknown contains msg if {
	count(deny) == 0
	some msg in nf.unknowns(cfg, item, selected)
}

deny contains {"msg": msg} if some msg in nf.not_root_owned(cfg, selected)
