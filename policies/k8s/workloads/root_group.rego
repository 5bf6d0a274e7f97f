# METADATA
# title: Pod or container runs with group ID 0 (root)
# description: >-
#   runAsGroup: 0, fsGroup: 0 or group 0 in supplementalGroups gives the processes the root group:
#   on the node, files of group root (often writable by it) become reachable after an escape, and
#   volumes become owned by root's group. The UID half of "run as root" is decided by the Pod
#   Security Standards rules (k8s-pss-restricted-run-as-user, k8s-pss-restricted-run-as-non-root);
#   this rule checks the group IDs the pod spec sets. A container's runAsGroup overrides the pod's.
#   An unset runAsGroup uses the image's group, which the manifest does not show, so only explicit
#   values are judged. Windows pods are skipped.
# custom:
#   id: k8s-container-root-group
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Run with a non-zero group ID and give volumes a non-zero group:
#       securityContext:
#         runAsUser: 10001
#         runAsGroup: 10001
#         fsGroup: 10001
#     and remove 0 from supplementalGroups. Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.workloads.root_group

import data.stance.lib.k8s
import rego.v1

cfg := input.resource.config

pod_sc := k8s.pod_security_context(cfg)

not_applicable if not k8s.pod_rule_applies(cfg)

not_applicable if k8s.windows_pod(cfg)

deny contains {"msg": msg, "container": entry.id} if {
	some entry in k8s.all_containers(cfg)
	k8s.effective(cfg, entry.container, "runAsGroup", null) == 0
	msg := sprintf("%s runs with group ID 0 (runAsGroup: 0)", [entry.ref])
}

deny contains {"msg": "the pod sets fsGroup: 0 (its volumes are owned by group root)"} if pod_sc.fsGroup == 0

deny contains {"msg": "the pod adds group 0 (root) in supplementalGroups"} if 0 in object.get(pod_sc, "supplementalGroups", [])
