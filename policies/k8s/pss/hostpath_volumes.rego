# METADATA
# title: Pod mounts a hostPath volume
# description: >-
#   A hostPath volume exposes the node's filesystem to the pod; writable mounts of paths such as
#   /var/run or /etc lead to node takeover (PSS baseline: HostPath Volumes).
# custom:
#   id: k8s-pss-hostpath-volumes
#   severity: high
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Replace the hostPath volume with a PersistentVolumeClaim, emptyDir, configMap or CSI volume:
#       volumes:
#         - name: data
#           persistentVolumeClaim: {claimName: data}
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.hostpath_volumes

import data.stance.lib.k8s
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

violations contains sprintf("%s mounts host path %s", [k8s.item_ref("volume", "volumes", i, volume), object.get(volume.hostPath, "path", "?")]) if {
	some i, volume in object.get(k8s.pod_spec(obj), "volumes", [])
	k8s.set_value(volume, "hostPath")
}

deny contains {"msg": pss.message("baseline", v)} if some v in violations
