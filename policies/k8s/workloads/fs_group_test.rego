package stance.rules.k8s.workloads.fs_group_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.lib.testing.k8s_hygiene as h
import rego.v1

mounting(name) := h.container({"volumeMounts": [{"name": name, "mountPath": "/data"}]})

pvc := {"name": "data", "persistentVolumeClaim": {"claimName": "app-data"}}

statefulset(spec, claims) := f.resource("StatefulSet", "k8s.statefulset", {"apiVersion": "apps/v1", "kind": "StatefulSet", "metadata": {"name": "app", "namespace": "shop"}, "spec": {"replicas": 3, "template": {"spec": spec}, "volumeClaimTemplates": claims}})

cases := [
	{"name": "writable PVC, fsGroup set", "expect": "pass", "input": h.pod({"securityContext": {"fsGroup": 10001}, "containers": [mounting("data")], "volumes": [pvc]})},
	{"name": "writable PVC, no fsGroup", "expect": "fail", "input": h.deployment({"containers": [mounting("data")], "volumes": [pvc]})},
	{"name": "PVC mounted read-only", "expect": "not_applicable", "input": h.pod({"containers": [h.container({"volumeMounts": [{"name": "data", "mountPath": "/data", "readOnly": true}]})], "volumes": [pvc]})},
	{"name": "PVC read-only at the source", "expect": "not_applicable", "input": h.pod({"containers": [mounting("data")], "volumes": [{"name": "data", "persistentVolumeClaim": {"claimName": "c", "readOnly": true}}]})},
	{"name": "emptyDir only", "expect": "not_applicable", "input": h.pod({"containers": [mounting("scratch")], "volumes": [{"name": "scratch", "emptyDir": {}}]})},
	{"name": "a generic ephemeral volume", "expect": "fail", "input": h.pod({"containers": [mounting("cache")], "volumes": [{"name": "cache", "ephemeral": {"volumeClaimTemplate": {"spec": {"accessModes": ["ReadWriteOnce"]}}}}]})},
	{"name": "StatefulSet volumeClaimTemplate, no fsGroup", "expect": "fail", "input": statefulset({"containers": [mounting("data")]}, [{"metadata": {"name": "data"}, "spec": {"accessModes": ["ReadWriteOnce"]}}])},
	{"name": "StatefulSet volumeClaimTemplate with fsGroup", "expect": "pass", "input": statefulset({"securityContext": {"fsGroup": 2000}, "containers": [mounting("data")]}, [{"metadata": {"name": "data"}}])},
	{"name": "Windows pod", "expect": "not_applicable", "input": h.pod({"os": {"name": "windows"}, "containers": [mounting("data")], "volumes": [pvc]})},
	{"name": "system namespace", "expect": "not_applicable", "input": h.in_namespace(h.pod({"containers": [mounting("data")], "volumes": [pvc]}), "kube-system")},
]

test_cases if harness.check_cases("k8s.workloads.fs_group", cases)
