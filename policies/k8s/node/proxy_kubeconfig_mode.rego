# METADATA
# title: kube-proxy kubeconfig is readable by other users
# description: >-
#   A kube-proxy kubeconfig on the node (the --kubeconfig of a kube-proxy running on the host,
#   or a default path such as /etc/kubernetes/proxy.conf) holds its credentials; where one
#   exists its mode must be 600 or stricter. kube-proxy run as a DaemonSet keeps it in a
#   ConfigMap, not on the node. CIS Kubernetes 4.1.3.
# custom:
#   id: k8s-node-proxy-kubeconfig-mode
#   severity: medium
#   resource_types: [k8s.node_files]
#   remediation: |-
#     On every node the finding names, set the mode of the file (the finding gives its path; here the
#     benchmark's usual one):
#       chmod 600 /etc/kubernetes/proxy.conf
#     Run `stance node` on the node again to record the change.
package stance.rules.k8s.node.proxy_kubeconfig_mode

import data.stance.lib.node_files as nf
import rego.v1

cfg := input.resource.config

item := "proxyKubeconfig"

selected := nf.entries(cfg, item)

not_applicable if nf.none_found(cfg, item, selected)

unknown contains msg if {
	count(deny) == 0
	some msg in nf.unknowns(cfg, item, selected)
}

deny contains {"msg": msg} if some msg in nf.too_open(cfg, selected, nf.mode_600, "600")
