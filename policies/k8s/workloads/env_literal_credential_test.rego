package stance.rules.k8s.workloads.env_literal_credential_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.lib.testing.k8s_hygiene as h
import data.stance.rules.k8s.workloads.env_literal_credential as rule
import rego.v1

marker := "[removed by stance: looks like a credential]"

flagged := h.with_facts(h.deployment_with(h.container({"env": [{"name": "DB_PASSWORD", "value": marker}, {"name": "MODE", "value": "prod"}]})), {"credentialEnv": [{"container": "containers[0]", "name": "DB_PASSWORD", "reason": "a password-like name with a literal value"}]})

cases := [
	{"name": "a flagged variable", "expect": "fail", "input": flagged},
	{"name": "plain settings only", "expect": "pass", "input": h.deployment_with(h.container({"env": [{"name": "MODE", "value": "prod"}]}))},
	{"name": "a flagged init container", "expect": "fail", "input": h.with_facts(h.pod({"containers": [h.good], "initContainers": [h.container({"name": "init", "env": [{"name": "TOKEN", "value": marker}]})]}), {"credentialEnv": [{"container": "initContainers[0]", "name": "TOKEN", "reason": "a token-like name with a literal value"}]})},
	{"name": "kube-system is checked too (a security rule)", "expect": "fail", "input": h.in_namespace(flagged, "kube-system")},
	{"name": "a controller-owned Pod is checked on its controller", "expect": "not_applicable", "input": h.with_facts(f.owned_pod({"containers": [h.good]}), {"credentialEnv": [{"container": "containers[0]", "name": "X", "reason": "r"}]})},
]

test_cases if harness.check_cases("k8s.workloads.env_literal_credential", cases)

test_message_names_the_variable_not_the_value if {
	some finding in rule.deny with input as flagged
	finding.msg == "container \"app\" sets DB_PASSWORD to a literal value that looks like a credential (a password-like name with a literal value)"
}
