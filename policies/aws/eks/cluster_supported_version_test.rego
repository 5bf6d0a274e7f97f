package stance.rules.aws.eks.cluster_supported_version_test

import data.stance.lib.dates
import data.stance.lib.testing.eks
import data.stance.lib.testing.harness
import data.stance.rules.aws.eks.cluster_supported_version as rule
import rego.v1

# fx.now_ns is 2025-11-23T12:13:20Z
version(v) := eks.patched({"version": v})

cases := [
	{"name": "1.33, in standard support until 2026-07-29", "expect": "pass", "input": version("1.33")},
	{"name": "a version newer than the calendar knows", "expect": "pass", "input": version("1.40")},
	{"name": "1.29, in paid extended support", "expect": "fail", "input": version("1.29")},
	{"name": "1.27, past extended support", "expect": "fail", "input": version("1.27")},
	{"name": "1.21, older than the calendar", "expect": "fail", "input": version("1.21")},
	{"name": "1.31 a second before its standard support ends", "expect": "pass", "input": eks.at(version("1.31"), dates.ns("2025-11-26") - dates.ns_per_second)},
	{"name": "1.31 as its standard support ends", "expect": "fail", "input": eks.at(version("1.31"), dates.ns("2025-11-26"))},
	{"name": "a version that is not 1.N: error", "expect": "error", "input": version("v1.33-eks")},
	{"name": "version not reported: error", "expect": "error", "input": eks.removed("version")},
]

test_cases if harness.check_cases("aws.eks.cluster_supported_version", cases)

test_message if {
	some finding in rule.deny with input as version("1.29")
	finding.msg == "EKS cluster prod runs Kubernetes 1.29, past the end of standard support (2025-03-23); paid extended support ends 2026-03-23"
}
