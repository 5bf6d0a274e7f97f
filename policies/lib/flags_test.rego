package stance.lib.flags_test

import data.stance.lib.flags
import rego.v1

pod(labels, containers) := {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "kube-apiserver-cp1", "namespace": "kube-system", "labels": labels}, "spec": {"containers": containers}}

apiserver(command, args) := pod({"component": "kube-apiserver", "tier": "control-plane"}, [{"name": "kube-apiserver", "image": "registry.k8s.io/kube-apiserver:v1.32.0", "command": command, "args": args}])

test_equals_and_space_forms if {
	obj := apiserver(["kube-apiserver", "--profiling=false", "--audit-log-path", "/var/log/audit.log", "--v=2"], [])
	flags.value(obj, "kube-apiserver", "profiling") == "false"
	flags.value(obj, "kube-apiserver", "audit-log-path") == "/var/log/audit.log"
	not flags.value(obj, "kube-apiserver", "token-auth-file")
	flags.value_or(obj, "kube-apiserver", "anonymous-auth", "true") == "true"
}

test_bare_boolean_flag_is_true if {
	obj := apiserver(["kube-apiserver", "--profiling", "--v=2"], [])
	flags.value(obj, "kube-apiserver", "profiling") == "true"
	obj2 := apiserver(["kube-apiserver", "--v=2", "--profiling"], [])
	flags.value(obj2, "kube-apiserver", "profiling") == "true"
}

test_last_occurrence_wins_and_args_count if {
	obj := apiserver(["kube-apiserver", "--profiling=true"], ["--profiling=false"])
	flags.value(obj, "kube-apiserver", "profiling") == "false"
}

test_list_flags_are_joined if {
	obj := apiserver(["kube-apiserver", "--enable-admission-plugins=NodeRestriction, EventRateLimit"], ["--enable-admission-plugins", "AlwaysPullImages"])
	flags.items(obj, "kube-apiserver", "enable-admission-plugins") == ["NodeRestriction", "EventRateLimit", "AlwaysPullImages"]
	flags.items(obj, "kube-apiserver", "disable-admission-plugins") == []
}

test_feature_gates_later_wins if {
	obj := apiserver(["kube-apiserver", "--feature-gates=RotateKubeletServerCertificate=false,Foo=true", "--feature-gates=RotateKubeletServerCertificate=true"], [])
	flags.feature_gates(obj, "kube-apiserver") == {"RotateKubeletServerCertificate": "true", "Foo": "true"}
}

test_shell_wrapped_command if {
	obj := apiserver(["/bin/sh", "-c", "exec /usr/local/bin/kube-apiserver \\\n  --profiling=false\n  --authorization-mode Node,RBAC"], [])
	flags.container(obj, "kube-apiserver")
	flags.value(obj, "kube-apiserver", "authorization-mode") == "Node,RBAC"
}

test_identified_by_command_without_label if {
	obj := pod({}, [{"name": "server", "command": ["/usr/local/bin/kube-scheduler", "--bind-address=127.0.0.1"]}])
	flags.is_component(object.union(obj, {"metadata": {"name": "kube-scheduler-cp1"}}), "kube-scheduler")
	not flags.is_component(obj, "kube-apiserver")
}

test_args_only_single_container_labelled if {
	obj := pod({"component": "kube-scheduler"}, [{"name": "main", "args": ["--profiling=false"]}])
	flags.value(obj, "kube-scheduler", "profiling") == "false"
}

test_unreadable_when_no_container_runs_it if {
	obj := pod({"component": "etcd"}, [{"name": "a"}, {"name": "b"}])
	flags.unreadable(obj, "etcd")
	not flags.container(obj, "etcd")
}

test_not_a_control_plane_pod if {
	obj := object.union(apiserver(["kube-apiserver"], []), {"metadata": {"namespace": "shop", "labels": {"tier": "web"}}})
	not flags.is_component(obj, "kube-apiserver")
	not flags.is_component({"kind": "Deployment", "metadata": {"namespace": "kube-system", "labels": {"component": "etcd"}}, "spec": {}}, "etcd")
}

test_etcd_environment if {
	obj := pod({"component": "etcd"}, [{"name": "etcd", "command": ["etcd", "-client-cert-auth=true"], "env": [{"name": "ETCD_CERT_FILE", "value": "/etc/etcd/server.crt"}, {"name": "ETCD_CLIENT_CERT_AUTH", "value": "false"}]}])
	flags.value(obj, "etcd", "cert-file") == "/etc/etcd/server.crt"
	flags.value(obj, "etcd", "client-cert-auth") == "true"
	not flags.value(obj, "etcd", "key-file")
}

test_booleans_and_numbers if {
	flags.is_true("True")
	flags.is_false("0")
	not flags.is_false("no")
	flags.number("30") == 30
	not flags.number("30d")
	not flags.number("")
}
