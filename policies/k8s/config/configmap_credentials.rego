# METADATA
# title: ConfigMap holds a credential in plain text
# description: >-
#   ConfigMaps are meant for non-confidential settings: they are readable by everyone with read
#   access to the namespace, printed by kubectl describe, and not covered by Secret encryption at
#   rest. Stance reads each data value when it reads the ConfigMap, notes the keys whose value looks
#   like a credential (a private key, a token of a known format, a URL with a password, a
#   password-like key with a literal value, or a password-like setting such as db.password=... in
#   a configuration file) and then drops the values: only the key and the reason are kept, never
#   the value. A ConfigMap whose values were dropped by an earlier version before they could be
#   read reports error. binaryData is not read. Checked in every namespace.
# custom:
#   id: k8s-configmap-credentials
#   severity: high
#   resource_types: [k8s.configmap]
#   remediation: |-
#     Move the credential into a Secret (and rotate it: it has been exposed), mount the Secret, and
#     remove it from the ConfigMap:
#       kubectl create secret generic app-credentials -n <namespace> --from-literal=db-password=<new value>
#       kubectl edit configmap <name> -n <namespace>     # delete the key or the setting
#     Keep the application's other settings in the ConfigMap.
package stance.rules.k8s.config.configmap_credentials

import rego.v1

cfg := input.resource.config

not_applicable if cfg.kind != "ConfigMap"

# Written by the sanitiser (src/collect/k8s/sanitize.ts): present when it read the values.
checked if is_array(cfg.stance.credentialKeys)

keys := object.get(cfg, ["stance", "dataKeys"], [])

unknown contains msg if {
	not checked
	count(keys) > 0
	msg := sprintf("the values of ConfigMap %s were removed before they could be checked (written by an earlier version of Stance); scan the cluster or manifests again", [input.resource.name])
}

deny contains {"msg": msg} if {
	checked
	some hit in cfg.stance.credentialKeys
	msg := sprintf("key %s of ConfigMap %s looks like it holds a credential: %s", [hit.key, input.resource.name, hit.reason])
}
