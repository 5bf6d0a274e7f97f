# METADATA
# title: API server does not write an audit log
# description: >-
#   Without --audit-log-path the API server keeps no audit log of who did what in the cluster
#   (unless a webhook backend is configured, which CIS does not count). CIS Kubernetes 1.2.16.
# custom:
#   id: k8s-apiserver-audit-log-path
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-apiserver.yaml and set `--audit-log-path=/var/log/kubernetes/audit/audit.log` with an `--audit-policy-file`, and mount the log directory as a hostPath volume in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       apiServer:
#         extraArgs:
#           - {name: audit-log-path, value: "/var/log/kubernetes/audit/audit.log"}
#           - {name: audit-policy-file, value: "/etc/kubernetes/audit-policy.yaml"}
package stance.rules.k8s.apiserver.audit_log_path

import data.stance.lib.flags
import rego.v1

component := "kube-apiserver"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	some name in ["audit-log-path"]
	not flags.is_set(cfg, component, name)
	msg := sprintf("%s (Pod %s) does not set --%s: API requests are not audited to a log file", [component, input.resource.name, name])
}
