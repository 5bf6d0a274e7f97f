# METADATA
# title: Kubelet serves its unauthenticated read-only port
# description: >-
#   A non-zero readOnlyPort (the --read-only-port flag, 10255 on older setups) serves Pod and node
#   details with no authentication at all. CIS Kubernetes 4.2.4.
# custom:
#   id: k8s-kubelet-read-only-port
#   severity: medium
#   resource_types: [k8s.node]
#   remediation: |-
#     In the kubelet configuration file of every node (kubeadm: /var/lib/kubelet/config.yaml,
#     generated from the kubelet-config ConfigMap in kube-system), set:
#       readOnlyPort: 0
#     then restart the kubelet: systemctl restart kubelet. With kubeadm, edit the ConfigMap too
#     (kubectl -n kube-system edit configmap kubelet-config) so that joins and upgrades keep it.
#     A command-line flag of the kubelet overrides the file: remove a conflicting flag from
#     the kubelet's systemd drop-in or KUBELET_EXTRA_ARGS.
package stance.rules.k8s.kubelet.read_only_port

import data.stance.lib.kubelet
import rego.v1

cfg := input.resource.config

# Manifest scans carry no kubelet configuration: the rule does not apply to their Nodes.
not_applicable if not kubelet.has_fact(cfg)

unknown contains msg if msg := kubelet.failure(cfg)

# readOnlyPort is omitted from the v1beta1 serialization when 0 (disabled).
deny contains {"msg": msg} if {
	port := kubelet.field_or_zero(cfg, ["readOnlyPort"], 0)
	port != 0
	msg := sprintf("kubelet on node %s serves the unauthenticated read-only port %v", [input.resource.name, port])
}
