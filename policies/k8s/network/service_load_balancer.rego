# METADATA
# title: LoadBalancer Service is open to any source
# description: >-
#   A Service of type LoadBalancer gets an external load balancer from the cloud provider; without
#   loadBalancerSourceRanges (or with 0.0.0.0/0 or ::/0 in them) it accepts connections from
#   anywhere the load balancer is reachable, usually the internet. Load balancers marked internal
#   with the providers' documented annotations (AWS service.beta.kubernetes.io/aws-load-balancer-internal
#   or aws-load-balancer-scheme: internal, GKE networking.gke.io/load-balancer-type: Internal,
#   Azure service.beta.kubernetes.io/azure-load-balancer-internal) pass. The legacy annotation
#   service.beta.kubernetes.io/load-balancer-source-ranges counts as source ranges when the field is
#   unset. Outside the system namespaces.
# custom:
#   id: k8s-service-load-balancer
#   severity: low
#   resource_types: [k8s.service]
#   remediation: |-
#     Restrict the sources that may connect, or make the load balancer internal:
#       spec:
#         type: LoadBalancer
#         loadBalancerSourceRanges: ["203.0.113.0/24"]
#     (or, on AWS, metadata.annotations: {service.beta.kubernetes.io/aws-load-balancer-scheme: internal}).
#     Services meant for the internet belong behind an Ingress or Gateway with TLS. kubectl apply -f <service.yaml>.
package stance.rules.k8s.network.service_load_balancer

import data.stance.lib.k8s
import rego.v1

cfg := input.resource.config

annotations := object.get(object.get(cfg, "metadata", {}), "annotations", {})

not_applicable if cfg.kind != "Service"

not_applicable if k8s.in_system_namespace

not_applicable if cfg.spec.type != "LoadBalancer"

not_applicable if not cfg.spec.type

private_lb if lower(object.get(annotations, "service.beta.kubernetes.io/aws-load-balancer-internal", "false")) != "false"

private_lb if annotations["service.beta.kubernetes.io/aws-load-balancer-scheme"] == "internal"

private_lb if annotations["networking.gke.io/load-balancer-type"] == "Internal"

private_lb if annotations["cloud.google.com/load-balancer-type"] == "Internal"

private_lb if annotations["service.beta.kubernetes.io/azure-load-balancer-internal"] == "true"

ranges := [r | some r in object.get(cfg.spec, "loadBalancerSourceRanges", [])] if count(object.get(cfg.spec, "loadBalancerSourceRanges", [])) > 0

ranges := [trim_space(r) | some r in split(annotations["service.beta.kubernetes.io/load-balancer-source-ranges"], ",")] if {
	count(object.get(cfg.spec, "loadBalancerSourceRanges", [])) == 0
	is_string(annotations["service.beta.kubernetes.io/load-balancer-source-ranges"])
}

open_ranges := {"0.0.0.0/0", "::/0"}

deny contains {"msg": sprintf("LoadBalancer Service %s sets no loadBalancerSourceRanges: any source may connect", [input.resource.name])} if {
	not private_lb
	not ranges
}

deny contains {"msg": sprintf("LoadBalancer Service %s allows %s in loadBalancerSourceRanges: any source may connect", [input.resource.name, r])} if {
	not private_lb
	some r in ranges
	r in open_ranges
}
