# METADATA
# title: Container sets a credential as a literal environment variable
# description: >-
#   A password, token or key written as an env value is stored in the workload's spec: readable by
#   everyone who can read the Deployment or Pod, kept in etcd without Secret encryption, in Git and
#   in kubectl's last-applied annotation. Stance finds such values when it reads the object (a
#   secret-looking name such as DB_PASSWORD or API_KEY with a literal value, or a value that looks
#   like a private key, a token of a known format or a URL with a password), replaces them with a
#   marker before anything is stored, and keeps only which variable and why; values are never
#   stored or shown. References ($(VAR), ${VAR}), file paths and empty values are not credentials.
#   k8s-secrets-in-env covers Secrets read into the environment. Checked on Pods and on every
#   workload's pod template, in every namespace.
# custom:
#   id: k8s-env-literal-credential
#   severity: high
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Move the value into a Secret (and rotate it: it has been exposed), then mount it as a file:
#       kubectl create secret generic app-db -n <namespace> --from-literal=password=<new value>
#       containers:
#         - name: app
#           volumeMounts: [{name: db, mountPath: /etc/app/db, readOnly: true}]
#       volumes:
#         - name: db
#           secret: {secretName: app-db}
#     Remove the env entry and re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.workloads.env_literal_credential

import data.stance.lib.k8s
import rego.v1

cfg := input.resource.config

not_applicable if not k8s.pod_rule_applies(cfg)

# Written by the sanitiser that reads every object (src/collect/k8s/sanitize.ts).
found := object.get(cfg, ["stance", "credentialEnv"], [])

deny contains {"msg": msg, "container": entry.id} if {
	some entry in k8s.all_containers(cfg)
	some hit in found
	hit.container == entry.path
	msg := sprintf("%s sets %s to a literal value that looks like a credential (%s)", [entry.ref, hit.name, hit.reason])
}
