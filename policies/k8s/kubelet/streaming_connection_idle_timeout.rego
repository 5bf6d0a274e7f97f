# METADATA
# title: Kubelet streaming connections never time out
# description: >-
#   A streamingConnectionIdleTimeout of 0 (the --streaming-connection-idle-timeout flag) keeps
#   idle exec, attach and port-forward connections open forever. CIS Kubernetes 4.2.5.
# custom:
#   id: k8s-kubelet-streaming-connection-idle-timeout
#   severity: low
#   resource_types: [k8s.node]
#   remediation: |-
#     In the kubelet configuration file of every node (kubeadm: /var/lib/kubelet/config.yaml,
#     generated from the kubelet-config ConfigMap in kube-system), set:
#       streamingConnectionIdleTimeout: 5m0s
#     then restart the kubelet: systemctl restart kubelet. With kubeadm, edit the ConfigMap too
#     (kubectl -n kube-system edit configmap kubelet-config) so that joins and upgrades keep it.
#     A command-line flag of the kubelet overrides the file: remove a conflicting flag from
#     the kubelet's systemd drop-in or KUBELET_EXTRA_ARGS.
package stance.rules.k8s.kubelet.streaming_connection_idle_timeout

import data.stance.lib.kubelet
import rego.v1

cfg := input.resource.config

# Manifest scans carry no kubelet configuration: the rule does not apply to their Nodes.
not_applicable if not kubelet.has_fact(cfg)

unknown contains msg if msg := kubelet.failure(cfg)

unknown contains msg if msg := kubelet.missing(cfg, ["streamingConnectionIdleTimeout"])

# A Go duration is zero exactly when it has no non-zero digit ("0s", "0h0m0s").
zero(duration) if {
	is_string(duration)
	every ch in split(duration, "") {
		indexof("123456789", ch) < 0
	}
}

zero(0)

deny contains {"msg": msg} if {
	timeout := kubelet.field(cfg, ["streamingConnectionIdleTimeout"])
	zero(timeout)
	msg := sprintf("kubelet on node %s never closes idle streaming connections (streamingConnectionIdleTimeout %v)", [input.resource.name, timeout])
}
