# Test-only helpers for the kubelet rules: Nodes as a live scan stores them, with the kubelet's
# /configz answer under config.stance.kubeletConfig (kubelet.config.k8s.io/v1beta1 field names).
package stance.lib.testing.kubelet

import rego.v1

ctx := {"now_ns": 1763900000000000000, "provider": "k8s", "account": "prod", "region": "_cluster"}

node_object := {
	"apiVersion": "v1",
	"kind": "Node",
	"metadata": {"name": "worker-1", "labels": {"kubernetes.io/hostname": "worker-1", "node-role.kubernetes.io/worker": ""}},
	"spec": {"podCIDR": "10.244.1.0/24"},
	"status": {"nodeInfo": {"kubeletVersion": "v1.32.2", "containerRuntimeVersion": "containerd://1.7.24"}},
}

resource(config) := {
	"resource": {
		"id": "k8s://prod/_cluster/Node/worker-1",
		"type": "k8s.node",
		"provider": "k8s",
		"account": "prod",
		"region": "_cluster",
		"name": "worker-1",
		"tags": node_object.metadata.labels,
		"config": config,
	},
	"context": ctx,
}

# A kubeadm-style hardened kubelet configuration, as /configz reports it (defaults filled in,
# zero-valued omitempty fields such as readOnlyPort left out).
hardened := {
	"enableServer": true,
	"staticPodPath": "/etc/kubernetes/manifests",
	"address": "0.0.0.0",
	"port": 10250,
	"rotateCertificates": true,
	"serverTLSBootstrap": true,
	"authentication": {
		"x509": {"clientCAFile": "/etc/kubernetes/pki/ca.crt"},
		"webhook": {"enabled": true, "cacheTTL": "2m0s"},
		"anonymous": {"enabled": false},
	},
	"authorization": {"mode": "Webhook", "webhook": {"cacheAuthorizedTTL": "5m0s", "cacheUnauthorizedTTL": "30s"}},
	"eventRecordQPS": 50,
	"healthzPort": 10248,
	"healthzBindAddress": "127.0.0.1",
	"clusterDomain": "cluster.local",
	"clusterDNS": ["10.96.0.10"],
	"streamingConnectionIdleTimeout": "4h0m0s",
	"cgroupDriver": "systemd",
	"maxPods": 110,
	"podPidsLimit": 4096,
	"makeIPTablesUtilChains": true,
	"protectKernelDefaults": true,
	"seccompDefault": true,
	"failSwapOn": true,
}

# A Node from a live scan whose kubelet reported this configuration.
node(kubelet_config) := resource(object.union(node_object, {"stance": {"kubeletConfig": kubelet_config}}))

# The hardened configuration with some fields changed (merged recursively).
patched(patch) := node(object.union(hardened, patch))

# The hardened configuration without the field at path ("authentication/anonymous/enabled").
removed(path) := node(json.remove(hardened, [path]))

# A live scan that could not read the kubelet configuration (the node proxy answered 403).
forbidden := node({"collected": false, "error": "GET /api/v1/nodes/worker-1/proxy/configz: HTTP 403: nodes \"worker-1\" is forbidden"})

# A Node from a manifest scan: no kubelet configuration fact at all.
manifest_node := resource(node_object)
