# METADATA
# title: API server disables the ServiceAccount admission plugin
# description: >-
#   ServiceAccount is on by default; listing it in --disable-admission-plugins turns it off, so
#   Pods are not given service account defaults and token mounts are not checked. CIS Kubernetes
#   1.2.12.
# custom:
#   id: k8s-apiserver-admission-service-account
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and remove ServiceAccount from `--disable-admission-plugins` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, remove it from the ClusterConfiguration (apiServer.extraArgs) as well, so that
#     kubeadm upgrade apply does not bring it back.
package stance.rules.k8s.apiserver.admission_service_account

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	"ServiceAccount" in flags.items(cfg, component, "disable-admission-plugins")
	msg := sprintf("kube-apiserver (Pod %s) disables the ServiceAccount admission plugin: Pods are not given service account defaults and token mounts are not checked", [input.resource.name])
}
