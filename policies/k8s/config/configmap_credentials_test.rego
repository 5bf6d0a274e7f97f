package stance.rules.k8s.config.configmap_credentials_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.lib.testing.k8s_hygiene as h
import data.stance.rules.k8s.config.configmap_credentials as rule
import rego.v1

configmap(stance) := h.object_of("ConfigMap", "v1", {"stance": stance})

flagged := configmap({"dataKeys": ["app.properties", "mode"], "credentialKeys": [{"key": "app.properties", "reason": "line 3: a password-like setting with a literal value"}]})

cases := [
	{"name": "a flagged key", "expect": "fail", "input": flagged},
	{"name": "values read, nothing found", "expect": "pass", "input": configmap({"dataKeys": ["mode"], "credentialKeys": []})},
	{"name": "no data at all", "expect": "pass", "input": h.object_of("ConfigMap", "v1", {})},
	{"name": "values dropped before they were read: error", "expect": "error", "input": configmap({"dataKeys": ["app.properties"]})},
	{"name": "kube-system is checked too", "expect": "fail", "input": h.in_namespace(flagged, "kube-system")},
	{"name": "not a ConfigMap", "expect": "not_applicable", "input": f.service},
]

test_cases if harness.check_cases("k8s.config.configmap_credentials", cases)

test_message if {
	some finding in rule.deny with input as flagged
	finding.msg == "key app.properties of ConfigMap app looks like it holds a credential: line 3: a password-like setting with a literal value"
}
