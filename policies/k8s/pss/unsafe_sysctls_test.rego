package stance.rules.k8s.pss.unsafe_sysctls_test

import data.stance.lib.testing.harness
import data.stance.lib.testing.k8s as f
import data.stance.rules.k8s.pss.unsafe_sysctls as rule
import rego.v1

cases := [
	{"name": "kernel.msgmax", "expect": "fail", "input": f.pod({"securityContext": {"sysctls": [{"name": "kernel.msgmax", "value": "65536"}]}, "containers": [f.c("a", {})]})},
	{"name": "safe sysctl", "expect": "pass", "input": f.pod({"securityContext": {"sysctls": [{"name": "net.ipv4.tcp_syncookies", "value": "1"}]}, "containers": [f.c("a", {})]})},
	{"name": "none", "expect": "pass", "input": f.deployment({"containers": [f.c("a", {})]})},
	{"name": "a sysctl without a name is unsafe and reported by its place", "expect": "fail", "input": f.pod({"securityContext": {"sysctls": [{"value": "1"}]}, "containers": [f.c("a", {})]})},
	{"name": "tcp_rmem and tcp_wmem are safe from v1.32 (latest)", "expect": "pass", "input": f.pod({"securityContext": {"sysctls": [{"name": "net.ipv4.tcp_rmem", "value": "4096 87380 6291456"}, {"name": "net.ipv4.tcp_wmem", "value": "4096 16384 4194304"}]}, "containers": [f.c("a", {})]})},
	{"name": "tcp_rmem is unsafe at v1.31", "expect": "fail", "input": f.at(f.pod({"securityContext": {"sysctls": [{"name": "net.ipv4.tcp_rmem", "value": "4096 87380 6291456"}]}, "containers": [f.c("a", {})]}), "v1.31")},
	{"name": "tcp_keepalive_time is unsafe at v1.28", "expect": "fail", "input": f.at(f.pod({"securityContext": {"sysctls": [{"name": "net.ipv4.tcp_keepalive_time", "value": "600"}]}, "containers": [f.c("a", {})]}), "v1.28")},
	{"name": "tcp_keepalive_time is safe at v1.29", "expect": "pass", "input": f.at(f.pod({"securityContext": {"sysctls": [{"name": "net.ipv4.tcp_keepalive_time", "value": "600"}]}, "containers": [f.c("a", {})]}), "v1.29")},
	{"name": "ip_local_reserved_ports is unsafe at v1.26", "expect": "fail", "input": f.at(f.pod({"securityContext": {"sysctls": [{"name": "net.ipv4.ip_local_reserved_ports", "value": "8080"}]}, "containers": [f.c("a", {})]}), "v1.26")},
	{"name": "a version that is not v1.<minor>: error, not a guess", "expect": "error", "input": f.at(f.pod({"securityContext": {"sysctls": [{"name": "net.ipv4.tcp_syncookies", "value": "1"}]}, "containers": [f.c("a", {})]}), "1.30")},
]

test_cases if harness.check_cases("k8s.pss.unsafe_sysctls", cases)

sysctl_pod(name) := f.pod({"securityContext": {"sysctls": [{"name": name, "value": "1"}]}, "containers": [f.c("a", {})]})

test_messages_name_the_version if {
	some latest in rule.deny with input as sysctl_pod("kernel.msgmax")
	latest.msg == "the pod sets unsafe sysctl kernel.msgmax (Pod Security Standards baseline, latest = v1.35)"
	some pinned in rule.deny with input as f.at(sysctl_pod("net.ipv4.tcp_rmem"), "v1.31")
	pinned.msg == "the pod sets unsafe sysctl net.ipv4.tcp_rmem (Pod Security Standards baseline, v1.31)"
	some newer in rule.deny with input as f.at(sysctl_pod("kernel.msgmax"), "v1.40")
	newer.msg == "the pod sets unsafe sysctl kernel.msgmax (Pod Security Standards baseline, v1.40, checked as v1.35)"
}

test_a_version_above_latest_uses_the_latest_checks if {
	count(rule.deny) == 0 with input as f.at(sysctl_pod("net.ipv4.tcp_wmem"), "v1.40")
}
