package stance.rules.k8s.workloads.privileged_container_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as fx
import data.stance.rules.k8s.workloads.privileged_container as rule
import rego.v1

ctx := {"now_ns": 1763900000000000000, "provider": "k8s", "account": "prod", "region": "shop"}

container(name, security_context) := {"name": name, "image": "registry.example/shop/api:1.4.2", "securityContext": security_context}

pod(spec) := {
	"resource": {
		"id": "k8s://prod/shop/Pod/api",
		"type": "k8s.pod",
		"provider": "k8s",
		"account": "prod",
		"region": "shop",
		"name": "api",
		"tags": {"app": "api"},
		"config": {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "api", "namespace": "shop"}, "spec": spec},
	},
	"context": ctx,
}

workload(kind, spec) := {
	"resource": {
		"id": sprintf("k8s://prod/shop/%s/api", [kind]),
		"type": sprintf("k8s.%s", [lower(kind)]),
		"provider": "k8s",
		"account": "prod",
		"region": "shop",
		"name": "api",
		"tags": {},
		"config": {"apiVersion": "apps/v1", "kind": kind, "metadata": {"name": "api", "namespace": "shop"}, "spec": {"replicas": 2, "template": {"metadata": {"labels": {"app": "api"}}, "spec": spec}}},
	},
	"context": ctx,
}

cronjob(spec) := {
	"resource": {
		"id": "k8s://prod/shop/CronJob/report",
		"type": "k8s.cronjob",
		"provider": "k8s",
		"account": "prod",
		"region": "shop",
		"name": "report",
		"tags": {},
		"config": {"apiVersion": "batch/v1", "kind": "CronJob", "metadata": {"name": "report", "namespace": "shop"}, "spec": {"schedule": "0 3 * * *", "jobTemplate": {"spec": {"template": {"spec": spec}}}}},
	},
	"context": ctx,
}

service := {
	"resource": {
		"id": "k8s://prod/shop/Service/api",
		"type": "k8s.pod",
		"provider": "k8s",
		"account": "prod",
		"region": "shop",
		"name": "api",
		"tags": {},
		"config": {"apiVersion": "v1", "kind": "Service", "metadata": {"name": "api"}, "spec": {"ports": [{"port": 80}]}},
	},
	"context": ctx,
}

cases := [
	{"name": "privileged container in a pod", "expect": "fail", "input": pod({"containers": [container("api", {"privileged": true})]})},
	{"name": "a mirror pod (owned by its Node) is checked itself", "expect": "fail", "input": fx.mirror_pod({"containers": [container("kube-apiserver", {"privileged": true})]})},
	{"name": "privileged init container", "expect": "fail", "input": pod({"initContainers": [container("setup", {"privileged": true})], "containers": [container("api", {})]})},
	{"name": "privileged ephemeral debug container", "expect": "fail", "input": pod({"containers": [container("api", {})], "ephemeralContainers": [container("debugger", {"privileged": true})]})},
	{"name": "privileged in a DaemonSet template", "expect": "fail", "input": workload("DaemonSet", {"containers": [container("agent", {"privileged": true})]})},
	{"name": "privileged in a CronJob job template", "expect": "fail", "input": cronjob({"containers": [container("report", {"privileged": true})]})},
	{"name": "explicitly not privileged", "expect": "pass", "input": pod({"containers": [container("api", {"privileged": false, "runAsNonRoot": true})]})},
	{"name": "no security context", "expect": "pass", "input": workload("Deployment", {"containers": [{"name": "api", "image": "nginx:1.27"}]})},
	{"name": "object without a pod spec", "expect": "not_applicable", "input": service},
	{"name": "controller-owned pod is reported on its controller", "expect": "not_applicable", "input": object.union(pod({"containers": [container("api", {"privileged": true})]}), {"resource": {"config": {"metadata": {"ownerReferences": [{"kind": "ReplicaSet", "name": "api-5f7d", "controller": true}]}}}})},
	{"name": "a privileged container without a name is reported by its place", "expect": "fail", "input": fx.pod({"containers": [fx.c("api", {}), fx.nameless({"privileged": true})]})},
]

test_cases if harness.check_cases("k8s.workloads.privileged_container", cases)

test_message_names_container_kind if {
	some finding in rule.deny with input as pod({"initContainers": [container("setup", {"privileged": true})], "containers": []})
	finding.msg == "init container \"setup\" runs privileged"
}

test_nameless_container_message if {
	some finding in rule.deny with input as fx.pod({"containers": [fx.c("api", {}), fx.nameless({"privileged": true})]})
	finding.msg == "container containers[1] runs privileged"
	finding.container == "containers[1]"
}
