package stance.rules.k8s.workloads.service_account_token_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as fx
import data.stance.rules.k8s.workloads.service_account_token as rule
import rego.v1

containers := [fx.c("app", {})]

# A fixture with the collector's join of the pod's service account.
joined(case_input, account) := json.patch(case_input, [{"op": "add", "path": "/resource/config/stance", "value": {"serviceAccount": account}}])

cases := [
	{"name": "pod opts out itself", "expect": "pass", "input": fx.pod({"automountServiceAccountToken": false, "containers": containers})},
	{"name": "pod opts in explicitly (a recorded decision)", "expect": "pass", "input": fx.pod({"automountServiceAccountToken": true, "containers": containers})},
	{"name": "service account opts out", "expect": "pass", "input": joined(fx.pod({"containers": containers}), {"collected": true, "name": "default", "automount": false})},
	{"name": "service account says nothing: token mounted", "expect": "fail", "input": joined(fx.pod({"containers": containers}), {"collected": true, "name": "default", "automount": null})},
	{"name": "service account opts in", "expect": "fail", "input": joined(fx.deployment({"serviceAccountName": "api", "containers": containers}), {"collected": true, "name": "api", "automount": true})},
	{"name": "a cronjob whose account says nothing", "expect": "fail", "input": joined(fx.cronjob({"serviceAccountName": "batch", "containers": containers}), {"collected": true, "name": "batch", "automount": null})},
	{"name": "account not collected: error, not a guess", "expect": "error", "input": joined(fx.pod({"containers": containers}), {"collected": false, "name": "default"})},
	{"name": "never joined (old snapshot)", "expect": "error", "input": fx.deployment({"containers": containers})},
	{"name": "controller-owned pods are checked on their controller", "expect": "not_applicable", "input": fx.owned_pod({"containers": containers})},
]

test_cases if harness.check_cases("k8s.workloads.service_account_token", cases)

test_message_names_the_account if {
	some finding in rule.deny with input as joined(fx.deployment({"serviceAccountName": "api", "containers": containers}), {"collected": true, "name": "api", "automount": true})
	contains(finding.msg, "service account api")
}
