# METADATA
# title: Pod uses a volume type outside the restricted set
# description: >-
#   The restricted profile allows only configMap, csi, downwardAPI, emptyDir, ephemeral,
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
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

allowed := {"configMap", "csi", "downwardAPI", "emptyDir", "ephemeral", "persistentVolumeClaim", "projected", "secret"}

deny contains {"msg": msg} if {
	some i, volume in object.get(k8s.pod_spec(input.resource.config), "volumes", [])
	some field, _ in volume
	field != "name"
	not field in allowed
	msg := sprintf("%s is of type %s", [k8s.item_ref("volume", "volumes", i, volume), field])
}
