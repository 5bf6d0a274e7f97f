# METADATA
# title: Pod mounts a writable persistent volume without fsGroup
# description: >-
#   A persistent volume keeps the ownership its filesystem has; without securityContext.fsGroup
#   the kubelet does not give the pod's group access to it, so a container that runs as a non-root
#   user cannot write there, and teams fall back to running as root. With fsGroup set, volumes
#   that support ownership management are made group-owned by it. The rule applies when some
#   container mounts, without readOnly, a persistentVolumeClaim, a generic ephemeral volume, a
#   CSI volume, a StatefulSet volumeClaimTemplate or an in-tree block volume (awsElasticBlockStore,
#   gcePersistentDisk, azureDisk, cinder, iscsi, rbd, fc, portworxVolume, vsphereVolume); emptyDir,
#   hostPath, NFS and projected volumes do not need it. Windows pods are skipped. Outside the
#   system namespaces.
# custom:
#   id: k8s-pod-fs-group-missing
#   severity: low
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Set a group for the pod's volumes (and run as a non-root user of that group):
#       spec:
#         securityContext:
#           runAsUser: 10001
#           runAsGroup: 10001
#           fsGroup: 10001
#           fsGroupChangePolicy: OnRootMismatch
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.workloads.fs_group

import data.stance.lib.k8s
import rego.v1

cfg := input.resource.config

spec := k8s.pod_spec(cfg)

block_sources := ["awsElasticBlockStore", "gcePersistentDisk", "azureDisk", "cinder", "iscsi", "rbd", "fc", "portworxVolume", "vsphereVolume", "ephemeral"]

# Sources that can be mounted read-only at the source itself.
read_only_sources := ["persistentVolumeClaim", "csi", "awsElasticBlockStore", "gcePersistentDisk", "azureDisk", "cinder", "iscsi", "rbd", "fc", "portworxVolume"]

persistent(volume) if object.get(volume, "persistentVolumeClaim", null) != null

persistent(volume) if object.get(volume, "csi", null) != null

persistent(volume) if {
	some source in block_sources
	object.get(volume, source, null) != null
}

source_read_only(volume) if {
	some source in read_only_sources
	volume[source].readOnly == true
}

# Volume name → how messages call it, for the volumes this rule is about.
persistent_volumes[name] := sprintf("volume \"%s\"", [name]) if {
	some volume in object.get(spec, "volumes", [])
	name := volume.name
	is_string(name)
	persistent(volume)
	not source_read_only(volume)
}

# A StatefulSet's volumeClaimTemplates become PersistentVolumeClaims mounted by name.
persistent_volumes[name] := sprintf("volumeClaimTemplate \"%s\"", [name]) if {
	cfg.kind == "StatefulSet"
	some claim in object.get(cfg.spec, "volumeClaimTemplates", [])
	name := claim.metadata.name
	is_string(name)
}

writable_mounts contains sprintf("%s mounts %s", [entry.ref, persistent_volumes[mount.name]]) if {
	some entry in k8s.all_containers(cfg)
	some mount in object.get(entry.container, "volumeMounts", [])
	persistent_volumes[mount.name]
	object.get(mount, "readOnly", false) != true
}

not_applicable if not k8s.hygiene_applies(cfg)

not_applicable if k8s.windows_pod(cfg)

not_applicable if count(writable_mounts) == 0

deny contains {"msg": msg} if {
	object.get(k8s.pod_security_context(cfg), "fsGroup", null) == null
	msg := sprintf("the pod sets no fsGroup, and %s writable", [concat("; ", sort(writable_mounts))])
}
