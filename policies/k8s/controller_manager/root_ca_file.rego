# METADATA
# title: Controller manager does not give Pods the cluster CA
# description: >-
#   Without --root-ca-file the controller manager does not publish the cluster CA into service
#   account token data, so Pods cannot verify the API server's certificate. CIS Kubernetes 1.3.5.
# custom:
#   id: k8s-controller-manager-root-ca-file
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-controller-manager.yaml and set `--root-ca-file=<cluster CA certificate>` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       controllerManager:
#         extraArgs:
#           - {name: root-ca-file, value: "/etc/kubernetes/pki/ca.crt"}
package stance.rules.k8s.controller_manager.root_ca_file

import data.stance.lib.flags
import rego.v1

component := "kube-controller-manager"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	some name in ["root-ca-file"]
	not flags.is_set(cfg, component, name)
	msg := sprintf("%s (Pod %s) does not set --%s: Pods cannot verify the API server certificate", [component, input.resource.name, name])
}
