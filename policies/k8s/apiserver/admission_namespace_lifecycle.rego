# METADATA
# title: API server disables the NamespaceLifecycle admission plugin
# description: >-
#   NamespaceLifecycle is on by default; listing it in --disable-admission-plugins turns it off,
#   so objects can be created in namespaces that do not exist or are being deleted. CIS Kubernetes
#   1.2.13.
# custom:
#   id: k8s-apiserver-admission-namespace-lifecycle
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and remove NamespaceLifecycle from `--disable-admission-plugins` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, remove it from the ClusterConfiguration (apiServer.extraArgs) as well, so that
#     kubeadm upgrade apply does not bring it back.
package stance.rules.k8s.apiserver.admission_namespace_lifecycle

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	"NamespaceLifecycle" in flags.items(cfg, component, "disable-admission-plugins")
	msg := sprintf("kube-apiserver (Pod %s) disables the NamespaceLifecycle admission plugin: objects can be created in namespaces that do not exist or are being deleted", [input.resource.name])
}
