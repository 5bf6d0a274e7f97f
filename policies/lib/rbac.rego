# METADATA
# title: Kubernetes RBAC helpers
# description: Which permissions a Role or ClusterRole grants, wildcards included.
package stance.lib.rbac

import rego.v1

# Built-in roles and bindings the API server bootstraps (system:*) are not the cluster owner's to trim.
built_in(obj) if startswith(obj.metadata.name, "system:")

matches(values, _) if "*" in values

# asking for "*" means any value at all
matches(_, wanted) if "*" in wanted

matches(values, wanted) if {
	some value in wanted
	value in values
}

# "*/<subresource>" in a rule's resources names that subresource of every resource, as the RBAC
# authorizer matches it ("*/exec" grants pods/exec).
resource_matches(values, wanted) if matches(values, wanted)

resource_matches(values, wanted) if {
	some value in values
	startswith(value, "*/")
	some w in wanted
	contains(w, "/")
	endswith(w, substring(value, 1, -1))
}

# A rule of the role grants one of `verbs` on one of `resources` in one of `groups`.
grants(role, groups, resources, verbs) if {
	some rule in object.get(role, "rules", [])
	matches(object.get(rule, "apiGroups", []), groups)
	resource_matches(object.get(rule, "resources", []), resources)
	matches(object.get(rule, "verbs", []), verbs)
}

# The verbs of `verbs` that some rule of the role grants on one of `resources` in one of `groups`.
granted_verbs(role, groups, resources, verbs) := {verb |
	some verb in verbs
	grants(role, groups, resources, [verb])
}

is_role(obj) if obj.kind in {"Role", "ClusterRole"}

is_binding(obj) if obj.kind in {"RoleBinding", "ClusterRoleBinding"}
