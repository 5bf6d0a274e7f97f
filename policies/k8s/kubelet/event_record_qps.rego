# METADATA
# title: Kubelet records fewer events than its default
# description: >-
#   eventRecordQPS (the --event-qps flag) caps how many events per second the kubelet sends to the
#   API server. 0 means no cap; a cap below the kubelet's default of 50 drops events (probe
#   failures, evictions, image pulls) that investigations rely on. CIS Kubernetes 4.2.8, CIS Amazon
#   EKS 3.2.7.
# custom:
#   id: k8s-kubelet-event-record-qps
#   severity: low
#   resource_types: [k8s.node]
#   remediation: |-
#     In the kubelet configuration file of every node (kubeadm: /var/lib/kubelet/config.yaml; EKS:
#     /etc/kubernetes/kubelet/kubelet-config.json or the node group's launch template), set:
#       eventRecordQPS: 50    # or 0 for no cap
#     then restart the kubelet: systemctl restart kubelet. With kubeadm, edit the kubelet-config
#     ConfigMap in kube-system too, so that joins and upgrades keep it.
package stance.rules.k8s.kubelet.event_record_qps

import data.stance.lib.kubelet
import rego.v1

cfg := input.resource.config

# The kubelet's default since v1beta1 defaulting.
default_qps := 50

not_applicable if not kubelet.has_fact(cfg)

unknown contains msg if msg := kubelet.failure(cfg)

# eventRecordQPS is a pointer field of v1beta1: /configz always reports it.
unknown contains msg if msg := kubelet.missing(cfg, ["eventRecordQPS"])

deny contains {"msg": msg} if {
	qps := kubelet.field(cfg, ["eventRecordQPS"])
	qps != 0
	qps < default_qps
	msg := sprintf("kubelet on node %s caps events at %v per second (eventRecordQPS), below the default %d; 0 means no cap", [input.resource.name, qps, default_qps])
}
