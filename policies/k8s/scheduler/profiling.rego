# METADATA
# title: Scheduler profiling is enabled
# description: >-
#   kube-scheduler serves profiling data (pprof) unless --profiling=false; the default is true. It
#   reveals program and system details and costs resources. CIS Kubernetes 1.4.1.
# custom:
#   id: k8s-scheduler-profiling
#   severity: medium
#   resource_types: [k8s.pod]
#   remediation: |-
#     On every control-plane node, edit /etc/kubernetes/manifests/kube-scheduler.yaml and set `--profiling=false` in the
#     container's command; the kubelet restarts the static Pod by itself.
#     With kubeadm, keep it across upgrades in the ClusterConfiguration (v1beta4), from which
#     kubeadm upgrade apply regenerates the manifest:
#       scheduler:
#         extraArgs:
#           - {name: profiling, value: "false"}
package stance.rules.k8s.scheduler.profiling

import data.stance.lib.flags
import rego.v1

component := "kube-scheduler"

cfg := input.resource.config

not_applicable if not flags.is_component(cfg, component)

unknown contains msg if msg := flags.unreadable(cfg, component)

deny contains {"msg": msg} if {
	value := flags.value_or(cfg, component, "profiling", "true")
	not flags.is_false(value)
	msg := sprintf("%s (Pod %s) runs with --profiling=%s (default true): the profiling endpoints expose detailed runtime data and are not needed in production", [component, input.resource.name, value])
}
