# METADATA
# title: Ingress serves hosts without TLS
# description: >-
#   An Ingress without a tls section, or whose rules name a host no tls entry covers, serves that
#   host over plain HTTP: credentials and session cookies cross the network readable. A tls entry
#   covers a host it lists, or one matched by a listed wildcard (*.example.com covers
#   shop.example.com, not a.b.example.com). A tls entry without hosts is the certificate for every
#   host (ingress-nginx and most controllers use it as the default), so it covers them all.
#   Outside the system namespaces.
# custom:
#   id: k8s-ingress-tls-missing
#   severity: medium
#   resource_types: [k8s.ingress]
#   remediation: |-
#     Add a TLS section naming every host, with a certificate Secret (cert-manager can issue it):
#       spec:
#         tls:
#           - hosts: [shop.example.com]
#             secretName: shop-example-com-tls
#     kubectl apply -f <ingress.yaml>. Redirect HTTP to HTTPS in the ingress controller.
package stance.rules.k8s.network.ingress_tls

import data.stance.lib.k8s
import rego.v1

cfg := input.resource.config

spec := object.get(cfg, "spec", {})

tls := object.get(spec, "tls", [])

not_applicable if cfg.kind != "Ingress"

not_applicable if k8s.in_system_namespace

covers_all if {
	some entry in tls
	count(object.get(entry, "hosts", [])) == 0
}

covered(_) if covers_all

covered(host) if {
	some entry in tls
	host in object.get(entry, "hosts", [])
}

covered(host) if {
	some entry in tls
	some pattern in object.get(entry, "hosts", [])
	startswith(pattern, "*.")
	suffix := substring(pattern, 1, -1)
	endswith(host, suffix)
	not contains(trim_suffix(host, suffix), ".")
}

deny contains {"msg": sprintf("Ingress %s has no tls section: it serves plain HTTP", [input.resource.name])} if count(tls) == 0

deny contains {"msg": sprintf("Ingress %s serves host %s without TLS (no tls entry lists it)", [input.resource.name, host])} if {
	count(tls) > 0
	some rule in object.get(spec, "rules", [])
	host := rule.host
	is_string(host)
	not covered(host)
}
