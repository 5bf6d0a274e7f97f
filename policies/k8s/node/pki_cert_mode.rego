# METADATA
# title: Kubernetes PKI certificate is writable by others
# description: >-
#   Certificates (*.crt) in /etc/kubernetes/pki must have mode 644 or stricter: anyone who can
#   replace a certificate authority's certificate changes whom the cluster trusts. CIS
#   Kubernetes 1.1.20.
# custom:
#   id: k8s-node-pki-cert-mode
#   severity: low
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every control plane node:
#       find /etc/kubernetes/pki -name '*.crt' -exec chmod 644 {} +
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.pki_cert_mode

import data.stance.lib.node_files as nf
import rego.v1

cfg := input.resource.config

item := "pki"

# the *.crt files, and anything below the directory that could not be examined
selected := array.concat([e | some e in nf.entries(cfg, item); nf.problem(e)], [e | some e in nf.entries(cfg, item); nf.file_named(e, ".crt")])

not_applicable if nf.none_found(cfg, item, selected)

unknown contains msg if {
	count(deny) == 0
	some msg in nf.unknowns(cfg, item, selected)
}

deny contains {"msg": msg} if some msg in nf.too_open(cfg, selected, nf.mode_644, "644")
