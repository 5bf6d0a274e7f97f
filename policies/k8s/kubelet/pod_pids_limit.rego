# METADATA
# title: Kubelet sets no limit on process ids per Pod
# description: >-
#   Without a positive podPidsLimit (the --pod-max-pids flag, -1 by default) one Pod can exhaust
#   the node's process ids, a fork bomb taking the whole node down. CIS Kubernetes 4.2.13.
# custom:
#   id: k8s-kubelet-pod-pids-limit
#   severity: low
#   resource_types: [k8s.node]
#   remediation: |-
#     In the kubelet configuration file of every node (kubeadm: /var/lib/kubelet/config.yaml,
#     generated from the kubelet-config ConfigMap in kube-system), set:
#       podPidsLimit: 4096   # sized for your workloads
#     then restart the kubelet: systemctl restart kubelet. With kubeadm, edit the ConfigMap too
#     (kubectl -n kube-system edit configmap kubelet-config) so that joins and upgrades keep it.
#     A command-line flag of the kubelet overrides the file: remove a conflicting flag from
#     the kubelet's systemd drop-in or KUBELET_EXTRA_ARGS.
package stance.rules.k8s.kubelet.pod_pids_limit

import data.stance.lib.kubelet
import rego.v1

cfg := input.resource.config

# Manifest scans carry no kubelet configuration: the rule does not apply to their Nodes.
not_applicable if not kubelet.has_fact(cfg)

unknown contains msg if msg := kubelet.failure(cfg)

unknown contains msg if msg := kubelet.missing(cfg, ["podPidsLimit"])

deny contains {"msg": msg} if {
	limit := kubelet.field(cfg, ["podPidsLimit"])
	limit <= 0
	msg := sprintf("kubelet on node %s sets no per-Pod process id limit (podPidsLimit %v)", [input.resource.name, limit])
}
