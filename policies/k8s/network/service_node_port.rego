# METADATA
# title: Service of type NodePort
# description: >-
#   A NodePort Service opens its port on every node of the cluster, on every node address,
#   bypassing the ingress layer and usually the network controls placed in front of it; the
#   NSA/CISA Kubernetes Hardening Guidance asks to keep nodes unreachable except through
#   intended paths. (A LoadBalancer Service allocates node ports too; k8s-service-load-balancer
#   judges it.) Outside the system namespaces.
# custom:
#   id: k8s-service-node-port
#   severity: low
#   resource_types: [k8s.service]
#   remediation: |-
#     Expose the workload through an Ingress or Gateway (or an internal load balancer) and make the Service internal:
#       spec:
#         type: ClusterIP
#     kubectl apply -f <service.yaml> (the type of an existing Service can be changed in place:
#     kubectl patch service <name> -n <namespace> -p '{"spec":{"type":"ClusterIP"}}').
package stance.rules.k8s.network.service_node_port

import data.stance.lib.k8s
import rego.v1

cfg := input.resource.config

not_applicable if cfg.kind != "Service"

not_applicable if k8s.in_system_namespace

deny contains {"msg": msg} if {
	cfg.spec.type == "NodePort"
	ports := [sprintf("%v", [p.nodePort]) | some p in object.get(cfg.spec, "ports", []); p.nodePort]
	msg := sprintf("Service %s is of type NodePort: it listens on every node%s", [input.resource.name, port_list(ports)])
}

port_list(ports) := sprintf(" (port %s)", [concat(", ", ports)]) if count(ports) > 0

port_list(ports) := "" if count(ports) == 0
