# METADATA
# title: Kubelet does not apply the RuntimeDefault seccomp profile by default
# description: >-
#   Without seccompDefault (the --seccomp-default flag, false by default) containers that do not
#   ask for a seccomp profile run unconfined, with every system call available. CIS Kubernetes
#   4.2.14.
# custom:
#   id: k8s-kubelet-seccomp-default
#   severity: low
#   resource_types: [k8s.node]
#   remediation: |-
#     In the kubelet configuration file of every node (kubeadm: /var/lib/kubelet/config.yaml,
#     generated from the kubelet-config ConfigMap in kube-system), set:
#       seccompDefault: true
#     then restart the kubelet: systemctl restart kubelet. With kubeadm, edit the ConfigMap too
#     (kubectl -n kube-system edit configmap kubelet-config) so that joins and upgrades keep it.
#     A command-line flag of the kubelet overrides the file: remove a conflicting flag from
#     the kubelet's systemd drop-in or KUBELET_EXTRA_ARGS.
package stance.rules.k8s.kubelet.seccomp_default

import data.stance.lib.kubelet
import rego.v1

cfg := input.resource.config

# Manifest scans carry no kubelet configuration: the rule does not apply to their Nodes.
not_applicable if not kubelet.has_fact(cfg)

unknown contains msg if msg := kubelet.failure(cfg)

# Kubelets older than 1.22 do not know the field: the default is off there too.
deny contains {"msg": msg} if {
	kubelet.field_or_zero(cfg, ["seccompDefault"], false) != true
	msg := sprintf("kubelet on node %s runs containers without a seccomp profile unless they ask for one (seccompDefault is not true)", [input.resource.name])
}
