# METADATA
# title: Kubelet service file is readable or writable by others
# description: >-
#   The kubelet's systemd unit and drop-ins (kubelet.service, kubelet.service.d/*.conf, such as
#   kubeadm's 10-kubeadm.conf) decide the kubelet's flags; their mode must be 600 or stricter.
#   CIS Kubernetes 4.1.1.
# custom:
#   id: k8s-node-kubelet-service-mode
#   severity: medium
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every node the finding names, set the mode of the file (the finding gives its path; here the
#     benchmark's usual one):
#       chmod 600 /etc/systemd/system/kubelet.service.d/10-kubeadm.conf
#       systemctl daemon-reload
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.kubelet_service_mode

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

deny contains {"msg": msg} if some msg in nf.too_open(cfg, selected, nf.mode_600, "600")
