# METADATA
# title: Pod Security Standards versions
# description: >-
#   Which Pod Security Standards version a workload is checked against, and the pod facts that
#   relax checks (Windows pods, user namespaces), as the pod-security-admission checks define them.
package stance.lib.pss

import data.stance.lib.k8s
import rego.v1

# The newest policy version these rules know: the latest version at which a check changed
# (procMount, runAsNonRoot and runAsUser at v1.35). "latest" means this version, and a pinned
# version above it is checked as this version, as Pod Security Admission does with its own checks.
latest_minor := 35

# input.context.pss_version: "latest", or "v1.<minor>" from the namespace label
# pod-security.kubernetes.io/enforce-version or --pss-version (src/scan/pss-version.ts).
requested := object.get(input, ["context", "pss_version"], "latest")

# The pattern Pod Security Admission accepts for a version label.
valid_pinned(v) if regex.match(`^v1\.([0-9]|[1-9][0-9]*)$`, v)

pinned_minor := to_number(substring(requested, 3, -1)) if valid_pinned(requested)

# The minor version whose checks apply.
minor := latest_minor if requested == "latest"

minor := min([pinned_minor, latest_minor])

unknown contains msg if {
	requested != "latest"
	not valid_pinned(requested)
	msg := sprintf("Pod Security Standards version %v is neither \"latest\" nor v1.<minor>: the checks of that version are not known", [requested])
}

at_least(m) if minor >= m

# Checks that start at a version do not apply below it (undefined when the version is not valid).
below(m) if minor < m

version_label := sprintf("latest = v1.%d", [latest_minor]) if requested == "latest"

version_label := requested if pinned_minor <= latest_minor

version_label := sprintf("%s, checked as v1.%d", [requested, latest_minor]) if pinned_minor > latest_minor

# A finding's message: what is wrong, the level of the check and the version it was checked at.
message(level, text) := sprintf("%s (Pod Security Standards %s, %s)", [text, level, version_label])

# spec.os.name: windows. From v1.25 the Linux-only restricted checks (privilege escalation,
# seccomp, capabilities) do not apply to such pods.
windows_pod(obj) if k8s.pod_spec(obj).os.name == "windows"

linux_only_exempt(obj) if {
	at_least(25)
	windows_pod(obj)
}

# spec.hostUsers: false (a user namespace). From v1.35, runAsNonRoot and runAsUser (restricted)
# and procMount (baseline only) are not checked for such pods: root in the pod is not root on the node.
user_namespace_exempt(obj) if {
	at_least(35)
	k8s.pod_spec(obj).hostUsers == false
}
