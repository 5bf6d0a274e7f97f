# METADATA
# title: Container resources
# description: >-
#   Whether a container's CPU and memory requests and limits are set, by itself, by pod-level
#   resources or by the namespace's LimitRange defaults (joined as config.stance.limitRange).
package stance.lib.resources

import data.stance.lib.k8s
import rego.v1

names := ["cpu", "memory"]

set_in(section, name) if {
	section[name] != null
	section[name] != ""
}

own(c, kind, name) if set_in(object.get(object.get(c, "resources", {}), kind, {}), name)

# Pod-level resources (spec.resources) bound the containers that set none.
pod_level(obj, kind, name) if set_in(object.get(object.get(k8s.pod_spec(obj), "resources", {}), kind, {}), name)

# A container that sets only a limit gets it as its request.
requested(_, c, name) if own(c, "requests", name)

requested(_, c, name) if own(c, "limits", name)

requested(obj, _, name) if pod_level(obj, "requests", name)

requested(obj, _, name) if pod_level(obj, "limits", name)

limited(_, c, name) if own(c, "limits", name)

limited(obj, _, name) if pod_level(obj, "limits", name)

# The namespace's LimitRange defaults for containers: {collected: true, defaultRequests: [...],
# defaultLimits: [...]} or {collected: false, reason} (src/enrich/k8s.ts).
limit_range := object.get(input.resource.config, ["stance", "limitRange"], {"collected": false, "reason": "LimitRanges were not joined to this object"})

limit_range_known if limit_range.collected == true

limit_range_reason := object.get(limit_range, "reason", "not collected")

default_request(name) if name in object.get(limit_range, "defaultRequests", [])

default_limit(name) if name in object.get(limit_range, "defaultLimits", [])
