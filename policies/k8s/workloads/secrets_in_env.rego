# METADATA
# title: Container reads a Secret into environment variables
# description: >-
#   Secrets in environment variables leak into crash dumps, child processes and logs more easily
#   than mounted files (CIS Kubernetes 5.4.1).
# custom:
#   id: k8s-secrets-in-env
#   severity: low
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Mount the Secret as a file instead of env/envFrom:
#       volumes:
#         - name: db
#           secret: {secretName: app-db}
#       containers:
#         - name: app
#           volumeMounts: [{name: db, mountPath: /etc/app/db, readOnly: true}]
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.workloads.secrets_in_env

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.pod_rule_applies(input.resource.config)

# `name` of a Secret reference is optional in the API (and any name may be missing in a manifest):
# messages never depend on it.
named(ref, kind) := sprintf("%s %s", [kind, ref.name]) if k8s.named(ref)

named(ref, kind) := sprintf("a %s without a name", [kind]) if not k8s.named(ref)

deny contains {"msg": sprintf("%s reads %s into %s", [entry.ref, named(env.valueFrom.secretKeyRef, "Secret"), named(env, "variable")])} if {
	some entry in k8s.all_containers(input.resource.config)
	some env in object.get(entry.container, "env", [])
	env.valueFrom.secretKeyRef
}

deny contains {"msg": sprintf("%s loads %s with envFrom", [entry.ref, named(source.secretRef, "Secret")])} if {
	some entry in k8s.all_containers(input.resource.config)
	some source in object.get(entry.container, "envFrom", [])
	source.secretRef
}
