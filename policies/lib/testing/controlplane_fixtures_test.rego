# Test-only helpers for the control-plane flag rules: kubeadm-like static Pods as the API shows
# them (mirror Pods in kube-system), with hardened flag sets that tests change one flag at a time.
package stance.lib.testing.controlplane

import rego.v1

ctx := {"now_ns": 1763900000000000000, "provider": "k8s", "account": "prod", "region": "kube-system"}

pod_resource(name, namespace, metadata, spec) := {
	"resource": {
		"id": sprintf("k8s://prod/%s/Pod/%s", [namespace, name]),
		"type": "k8s.pod",
		"provider": "k8s",
		"account": "prod",
		"region": namespace,
		"name": name,
		"tags": object.get(metadata, "labels", {}),
		"config": {"apiVersion": "v1", "kind": "Pod", "metadata": object.union({"name": name, "namespace": namespace}, metadata), "spec": spec},
	},
	"context": ctx,
}

mirror_metadata(component) := {
	"labels": {"component": component, "tier": "control-plane"},
	"annotations": {"kubernetes.io/config.mirror": "9f0c1e6a", "kubernetes.io/config.source": "file"},
	"ownerReferences": [{"apiVersion": "v1", "kind": "Node", "name": "cp1", "controller": true}],
}

images := {
	"kube-apiserver": "registry.k8s.io/kube-apiserver:v1.32.2",
	"kube-controller-manager": "registry.k8s.io/kube-controller-manager:v1.32.2",
	"kube-scheduler": "registry.k8s.io/kube-scheduler:v1.32.2",
	"etcd": "registry.k8s.io/etcd:3.5.16-0",
}

# A static Pod of the component running `command` (program name first).
static_pod(component, command) := pod_resource(
	sprintf("%s-cp1", [component]),
	"kube-system",
	mirror_metadata(component),
	{"hostNetwork": true, "priorityClassName": "system-node-critical", "containers": [{"name": component, "image": images[component], "command": command}]},
)

# The same, with the flags in args and the program left to the image's entrypoint.
static_pod_args(component, args) := pod_resource(
	sprintf("%s-cp1", [component]),
	"kube-system",
	mirror_metadata(component),
	{"containers": [{"name": component, "image": images[component], "args": args}]},
)

# A Pod labelled as the component whose containers do not show which one runs it.
unreadable_pod(component) := pod_resource(
	sprintf("%s-cp1", [component]),
	"kube-system",
	{"labels": {"component": component, "tier": "control-plane"}},
	{"containers": [{"name": "main", "image": "registry.example/cp:1"}, {"name": "sidecar", "image": "registry.example/proxy:1"}]},
)

# An ordinary application Pod.
app_pod := pod_resource("web", "shop", {"labels": {"app": "web"}}, {"containers": [{"name": "web", "image": "nginx:1.27", "command": ["nginx", "-g", "daemon off;"]}]})

apiserver_flags := [
	"--advertise-address=10.0.0.10",
	"--allow-privileged=true",
	"--anonymous-auth=false",
	"--authorization-mode=Node,RBAC",
	"--client-ca-file=/etc/kubernetes/pki/ca.crt",
	"--enable-admission-plugins=NodeRestriction",
	"--enable-bootstrap-token-auth=true",
	"--etcd-cafile=/etc/kubernetes/pki/etcd/ca.crt",
	"--etcd-certfile=/etc/kubernetes/pki/apiserver-etcd-client.crt",
	"--etcd-keyfile=/etc/kubernetes/pki/apiserver-etcd-client.key",
	"--etcd-servers=https://127.0.0.1:2379",
	"--kubelet-certificate-authority=/etc/kubernetes/pki/ca.crt",
	"--kubelet-client-certificate=/etc/kubernetes/pki/apiserver-kubelet-client.crt",
	"--kubelet-client-key=/etc/kubernetes/pki/apiserver-kubelet-client.key",
	"--profiling=false",
	"--audit-log-path=/var/log/kubernetes/audit/audit.log",
	"--audit-log-maxage=30",
	"--audit-log-maxbackup=10",
	"--audit-log-maxsize=100",
	"--audit-policy-file=/etc/kubernetes/audit-policy.yaml",
	"--secure-port=6443",
	"--service-account-issuer=https://kubernetes.default.svc.cluster.local",
	"--service-account-key-file=/etc/kubernetes/pki/sa.pub",
	"--service-account-signing-key-file=/etc/kubernetes/pki/sa.key",
	"--service-account-lookup=true",
	"--service-account-extend-token-expiration=false",
	"--service-cluster-ip-range=10.96.0.0/12",
	"--tls-cert-file=/etc/kubernetes/pki/apiserver.crt",
	"--tls-private-key-file=/etc/kubernetes/pki/apiserver.key",
]

controller_manager_flags := [
	"--allocate-node-cidrs=true",
	"--authentication-kubeconfig=/etc/kubernetes/controller-manager.conf",
	"--authorization-kubeconfig=/etc/kubernetes/controller-manager.conf",
	"--bind-address=127.0.0.1",
	"--client-ca-file=/etc/kubernetes/pki/ca.crt",
	"--cluster-signing-cert-file=/etc/kubernetes/pki/ca.crt",
	"--cluster-signing-key-file=/etc/kubernetes/pki/ca.key",
	"--controllers=*,bootstrapsigner,tokencleaner",
	"--kubeconfig=/etc/kubernetes/controller-manager.conf",
	"--leader-elect=true",
	"--profiling=false",
	"--root-ca-file=/etc/kubernetes/pki/ca.crt",
	"--service-account-private-key-file=/etc/kubernetes/pki/sa.key",
	"--terminated-pod-gc-threshold=10",
	"--use-service-account-credentials=true",
	"--feature-gates=RotateKubeletServerCertificate=true",
]

scheduler_flags := [
	"--authentication-kubeconfig=/etc/kubernetes/scheduler.conf",
	"--authorization-kubeconfig=/etc/kubernetes/scheduler.conf",
	"--bind-address=127.0.0.1",
	"--kubeconfig=/etc/kubernetes/scheduler.conf",
	"--leader-elect=true",
	"--profiling=false",
]

etcd_flags := [
	"--advertise-client-urls=https://10.0.0.10:2379",
	"--cert-file=/etc/kubernetes/pki/etcd/server.crt",
	"--client-cert-auth=true",
	"--data-dir=/var/lib/etcd",
	"--initial-advertise-peer-urls=https://10.0.0.10:2380",
	"--key-file=/etc/kubernetes/pki/etcd/server.key",
	"--listen-client-urls=https://127.0.0.1:2379,https://10.0.0.10:2379",
	"--listen-peer-urls=https://10.0.0.10:2380",
	"--name=cp1",
	"--peer-cert-file=/etc/kubernetes/pki/etcd/peer.crt",
	"--peer-client-cert-auth=true",
	"--peer-key-file=/etc/kubernetes/pki/etcd/peer.key",
	"--peer-trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
	"--trusted-ca-file=/etc/kubernetes/pki/etcd/ca.crt",
]

hardened := {
	"kube-apiserver": apiserver_flags,
	"kube-controller-manager": controller_manager_flags,
	"kube-scheduler": scheduler_flags,
	"etcd": etcd_flags,
}

flag_named(t, name) if startswith(t, concat("", ["--", name, "="]))

flag_named(t, name) if t == concat("", ["--", name])

# The flag list without any setting of the named flag.
without(fl, name) := [t | some t in fl; not flag_named(t, name)]

# The flag list with the named flag set to value (replacing any other setting).
replaced(fl, name, value) := array.concat(without(fl, name), [sprintf("--%s=%s", [name, value])])

# The component's static Pod with its hardened flags.
good(component) := static_pod(component, array.concat([component], hardened[component]))

# The component's static Pod with one flag set to value.
flag_set(component, name, value) := static_pod(component, array.concat([component], replaced(hardened[component], name, value)))

# The component's static Pod with one flag removed (the component's default applies).
flag_unset(component, name) := static_pod(component, array.concat([component], without(hardened[component], name)))

# The component's static Pod with extra flags appended to the hardened ones.
flags_extra(component, fl) := static_pod(component, array.concat(array.concat([component], hardened[component]), fl))

# The component's static Pod with exactly these flags.
flags_only(component, fl) := static_pod(component, array.concat([component], fl))
