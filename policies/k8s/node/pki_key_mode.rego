# METADATA
# title: Kubernetes PKI private key is readable by other users
# description: >-
#   Private keys (*.key) in /etc/kubernetes/pki (certificate authorities, the API server, the
#   service account signing key) must have mode 600 or stricter. CIS Kubernetes 1.1.21.
# custom:
#   id: k8s-node-pki-key-mode
#   severity: high
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every control plane node:
#       find /etc/kubernetes/pki -name '*.key' -exec chmod 600 {} +
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.pki_key_mode

import data.stance.lib.node_files as nf
import rego.v1

cfg := input.resource.config

item := "pki"

# the *.key files, and anything below the directory that could not be examined
selected := array.concat([e | some e in nf.entries(cfg, item); nf.problem(e)], [e | some e in nf.entries(cfg, item); nf.file_named(e, ".key")])

not_applicable if nf.none_found(cfg, item, selected)

unknown contains msg if {
	count(deny) == 0
	some msg in nf.unknowns(cfg, item, selected)
}

deny contains {"msg": msg} if some msg in nf.too_open(cfg, selected, nf.mode_600, "600")
