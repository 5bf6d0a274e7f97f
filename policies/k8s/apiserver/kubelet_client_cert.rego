# METADATA
# title: API server does not authenticate to kubelets with a client certificate
# description: >-
#   Without --kubelet-client-certificate and --kubelet-client-key the API server calls kubelets
#   (exec, logs, port-forward) without a client certificate, so kubelets cannot require
#   authenticated callers. CIS Kubernetes 1.2.4.
# custom:
#   id: k8s-apiserver-kubelet-client-cert
#   severity: high
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and set `--kubelet-client-certificate=<client cert>` and `--kubelet-client-key=<client key>` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: kubelet-client-certificate, value: "/etc/kubernetes/pki/apiserver-kubelet-client.crt"}
#           - {name: kubelet-client-key, value: "/etc/kubernetes/pki/apiserver-kubelet-client.key"}
package stance.rules.k8s.apiserver.kubelet_client_cert

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	some name in ["kubelet-client-certificate", "kubelet-client-key"]
	not flags.is_set(cfg, component, name)
	msg := sprintf("%s (Pod %s) does not set --%s: kubelets cannot authenticate the API server as a client", [component, input.resource.name, name])
}
