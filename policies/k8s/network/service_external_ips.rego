# METADATA
# title: Service sets externalIPs
# description: >-
#   spec.externalIPs makes every node accept traffic for the listed addresses and hand it to the
#   Service. Anyone who can create or edit a Service can claim any address this way and intercept
#   traffic meant for it (CVE-2020-8554); the Kubernetes documentation recommends rejecting the
#   field with the DenyServiceExternalIPs admission plugin. Checked in every namespace.
# custom:
#   id: k8s-service-external-ips
#   severity: medium
#   resource_types: [k8s.service]
#   remediation: |-
#     Remove spec.externalIPs and expose the Service through a LoadBalancer, Ingress or Gateway:
#       kubectl patch service <name> -n <namespace> --type=json -p '[{"op":"remove","path":"/spec/externalIPs"}]'
#     Then enable the DenyServiceExternalIPs admission plugin on the API server
#     (--enable-admission-plugins=...,DenyServiceExternalIPs) so no Service can set it again.
package stance.rules.k8s.network.service_external_ips

import rego.v1

cfg := input.resource.config

not_applicable if cfg.kind != "Service"

deny contains {"msg": sprintf("Service %s claims externalIPs %s", [input.resource.name, concat(", ", [sprintf("%v", [ip]) | some ip in ips])])} if {
	ips := object.get(object.get(cfg, "spec", {}), "externalIPs", [])
	is_array(ips)
	count(ips) > 0
}
