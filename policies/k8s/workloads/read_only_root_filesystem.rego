# METADATA
# title: Container root filesystem is writable
# description: >-
#   Without readOnlyRootFilesystem: true an intruder can write tools and change binaries and
#   configuration inside the container; the NSA/CISA Kubernetes Hardening Guidance asks for
#   immutable container filesystems, with writable emptyDir volumes only where the application
#   needs to write. Windows pods are skipped (the setting does not apply to them). Checked on
#   regular and init containers, outside the system namespaces.
# custom:
#   id: k8s-container-read-only-root-filesystem
#   severity: low
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Make the root filesystem read-only and mount writable scratch space where needed:
#       containers:
#         - name: app
#           securityContext:
#             readOnlyRootFilesystem: true
#           volumeMounts: [{name: tmp, mountPath: /tmp}]
#       volumes:
#         - name: tmp
#           emptyDir: {}
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.workloads.read_only_root_filesystem

import data.stance.lib.k8s
import rego.v1

cfg := input.resource.config

not_applicable if not k8s.hygiene_applies(cfg)

not_applicable if k8s.windows_pod(cfg)

deny contains {"msg": msg, "container": entry.id} if {
	some entry in k8s.workload_containers(cfg)
	k8s.security_context(entry.container).readOnlyRootFilesystem != true
	msg := sprintf("%s sets readOnlyRootFilesystem: false", [entry.ref])
}

deny contains {"msg": msg, "container": entry.id} if {
	some entry in k8s.workload_containers(cfg)
	not k8s.has_field(k8s.security_context(entry.container), "readOnlyRootFilesystem")
	msg := sprintf("%s does not set readOnlyRootFilesystem: true", [entry.ref])
}
