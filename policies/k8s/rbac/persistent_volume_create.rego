# METADATA
# title: Role can create PersistentVolumes
# description: >-
#   Creating a PersistentVolume can point it at a hostPath on a node and mount the node's
#   filesystem (CIS Kubernetes 5.1.9).
# custom:
#   id: k8s-rbac-persistent-volume-create
#   severity: medium
#   resource_types: [k8s.role, k8s.clusterrole]
#   remediation: |-
#     Remove create on persistentvolumes; let users request storage with PersistentVolumeClaims and StorageClasses instead.
#     Apply: kubectl apply -f <role.yaml>.
package stance.rules.k8s.rbac.persistent_volume_create

import data.stance.lib.rbac
import rego.v1

not_applicable if not rbac.is_role(input.resource.config)

not_applicable if rbac.built_in(input.resource.config)

deny contains {"msg": sprintf("%s %s can create PersistentVolumes", [input.resource.config.kind, input.resource.name])} if {
	rbac.grants(input.resource.config, [""], ["persistentvolumes"], ["create"])
}
