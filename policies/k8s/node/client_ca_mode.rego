# METADATA
# title: Kubelet client CA file is writable by others
# description: >-
#   The certificate authority file the kubelet trusts for client certificates (its
#   --client-ca-file or authentication.x509.clientCAFile; /etc/kubernetes/pki/ca.crt with
#   kubeadm) must have mode 644 or stricter. CIS Kubernetes 4.1.7.
# custom:
#   id: k8s-node-client-ca-mode
#   severity: low
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every node the finding names, set the mode of the file (the finding gives its path; here the
#     benchmark's usual one):
#       chmod 644 /etc/kubernetes/pki/ca.crt
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.client_ca_mode

import data.stance.lib.node_files as nf
import rego.v1

cfg := input.resource.config

item := "clientCaFile"

selected := nf.entries(cfg, item)

not_applicable if nf.none_found(cfg, item, selected)

unknown contains msg if {
	count(deny) == 0
	some msg in nf.unknowns(cfg, item, selected)
}

deny contains {"msg": msg} if some msg in nf.too_open(cfg, selected, nf.mode_644, "644")
