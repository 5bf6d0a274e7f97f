# METADATA
# title: API server does not name the keys that verify service account tokens
# description: >-
#   Without --service-account-key-file the API server verifies service account tokens with its TLS
#   serving key, which cannot be rotated separately. CIS Kubernetes 1.2.22.
# custom:
#   id: k8s-apiserver-service-account-key-file
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and set `--service-account-key-file=<public key(s) matching --service-account-signing-key-file>` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: service-account-key-file, value: "/etc/kubernetes/pki/sa.pub"}
package stance.rules.k8s.apiserver.service_account_key_file

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	some name in ["service-account-key-file"]
	not flags.is_set(cfg, component, name)
	msg := sprintf("%s (Pod %s) does not set --%s: service account token keys cannot be rotated independently", [component, input.resource.name, name])
}
