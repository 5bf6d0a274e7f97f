# METADATA
# title: Pod uses a volume type outside the restricted set
# description: >-
#   The restricted profile allows only configMap, csi, downwardAPI, emptyDir, ephemeral, image,
#   persistentVolumeClaim, projected and secret volumes (PSS restricted: Volume Types).
# custom:
#   id: k8s-pss-restricted-volume-types
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Replace other volume types (hostPath, nfs, iscsi, ...) with a PersistentVolumeClaim backed by a StorageClass:
#       volumes:
#         - name: data
#           persistentVolumeClaim: {claimName: data}
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.pss.restricted_volume_types

import data.stance.lib.k8s
import data.stance.lib.pss
import rego.v1

obj := input.resource.config

not_applicable if not k8s.pod_rule_applies(obj)

unknown contains msg if some msg in pss.unknown

allowed := {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "image", "persistentVolumeClaim", "projected", "secret"}

violations contains sprintf("%s is of type %s", [k8s.item_ref("volume", "volumes", i, volume), field]) if {
	some i, volume in object.get(k8s.pod_spec(obj), "volumes", [])
	some field, value in volume
	field != "name"
	value != null
	not field in allowed
}

deny contains {"msg": pss.message("restricted", v)} if some v in violations
