# METADATA
# title: Control-plane flag helpers
# description: >-
#   Finds the control-plane component (kube-apiserver, kube-controller-manager, kube-scheduler,
#   etcd) a static Pod runs and reads its command-line flags the way the components parse them:
#   --flag=value and --flag value, the last occurrence of a repeated flag wins, list flags
#   (comma-separated, repeatable) are joined, and etcd's ETCD_* environment variables stand in for
#   an absent flag. Rules supply the component's default when a flag is absent.
package stance.lib.flags

import rego.v1

components := {"kube-apiserver", "kube-controller-manager", "kube-scheduler", "etcd"}

shells := {"sh", "bash", "ash", "dash"}

basename(path) := parts[count(parts) - 1] if parts := split(path, "/")

# A command of the form [sh, -c, "exec kube-apiserver --flag ..."]: the script's words.
shell_script(c) := c.command[2] if {
	basename(c.command[0]) in shells
	c.command[1] == "-c"
}

words(script) := [w |
	some w in split(replace(replace(replace(replace(script, "\\\n", " "), "\n", " "), "\t", " "), "\"", ""), " ")
	w != ""
]

# Every word of a container's command line: command then args, or the shell script's words.
tokens(c) := array.concat(words(shell_script(c)), object.get(c, "args", []))

tokens(c) := array.concat(object.get(c, "command", []), object.get(c, "args", [])) if not shell_script(c)

# The program a container starts: the first word that is not exec.
program(c) := basename(ws[0]) if {
	ws := [w | some w in tokens(c); w != "exec"]
	count(ws) > 0
}

runs(c, component) if c.name == component

runs(c, component) if program(c) == component

control_plane_pod(obj) if obj.metadata.namespace == "kube-system"

control_plane_pod(obj) if obj.metadata.labels.tier == "control-plane"

labelled(obj, component) if obj.metadata.labels.component == component

labelled(obj, component) if {
	some c in object.get(obj.spec, "containers", [])
	runs(c, component)
}

# The Pod is a static control-plane Pod of the component (kube-system or tier=control-plane, and
# a component label or a container that runs the component).
is_component(obj, component) if {
	obj.kind == "Pod"
	component in components
	control_plane_pod(obj)
	labelled(obj, component)
}

# The container that runs the component; the only container of a Pod labelled for it.
container(obj, component) := cs[0] if {
	is_component(obj, component)
	cs := [c | some c in object.get(obj.spec, "containers", []); runs(c, component)]
	count(cs) > 0
}

container(obj, component) := obj.spec.containers[0] if {
	is_component(obj, component)
	not any_runs(obj, component)
	count(obj.spec.containers) == 1
}

any_runs(obj, component) if {
	some c in object.get(obj.spec, "containers", [])
	runs(c, component)
}

# Why a component Pod's flags cannot be read (a rule's `unknown`), if they cannot.
unreadable(obj, component) := msg if {
	is_component(obj, component)
	not container(obj, component)
	msg := sprintf("Pod %s is labelled as %s but no container of it runs %s: its flags cannot be read", [obj.metadata.name, component, component])
}

strip_dashes(t) := substring(t, 2, -1) if startswith(t, "--")

strip_dashes(t) := substring(t, 1, -1) if {
	startswith(t, "-")
	not startswith(t, "--")
}

# The value a flag token gives the named flag: "--name=value", "--name value", or a bare "--name" (true).
value_at(ts, i, name) := substring(body, count(name) + 1, -1) if {
	body := strip_dashes(ts[i])
	startswith(body, concat("", [name, "="]))
}

value_at(ts, i, name) := ts[i + 1] if {
	strip_dashes(ts[i]) == name
	has_value_after(ts, i)
}

value_at(ts, i, name) := "true" if {
	strip_dashes(ts[i]) == name
	not has_value_after(ts, i)
}

has_value_after(ts, i) if {
	i + 1 < count(ts)
	not startswith(ts[i + 1], "-")
}

# Every value given to the flag, in command-line order.
occurrences(ts, name) := [v | some i, _ in ts; v := value_at(ts, i, name)]

env_name(name) := concat("", ["ETCD_", upper(replace(name, "-", "_"))])

env_values(c, name) := [e.value | some e in object.get(c, "env", []); e.name == env_name(name); is_string(e.value)]

# Every value of the flag set for the component: on the command line, else (etcd) in the environment.
all_values(obj, component, name) := occ if {
	occ := occurrences(tokens(container(obj, component)), name)
	count(occ) > 0
}

all_values(obj, component, name) := env if {
	component == "etcd"
	c := container(obj, component)
	count(occurrences(tokens(c), name)) == 0
	env := env_values(c, name)
	count(env) > 0
}

# The flag's effective value (a repeated flag's last occurrence); undefined when it is not set.
value(obj, component, name) := vs[count(vs) - 1] if vs := all_values(obj, component, name)

# The flag's effective value, or the component's default when it is not set.
value_or(obj, component, name, _) := value(obj, component, name)

value_or(obj, component, name, default_value) := default_value if {
	container(obj, component)
	not value(obj, component, name)
}

# The flag is set to a non-empty value.
is_set(obj, component, name) if value(obj, component, name) != ""

# Every item of a list flag (comma-separated, repeatable), trimmed; [] when it is not set.
items(obj, component, name) := [trim_space(item) |
	some v in all_values(obj, component, name)
	some item in split(v, ",")
	trim_space(item) != ""
]

# Feature gates as name -> value ("true"/"false" as written); a later setting of a gate wins.
feature_gates(obj, component) := {name: val |
	gates := [[trim_space(kv[0]), trim_space(kv[1])] |
		some item in items(obj, component, "feature-gates")
		kv := split(item, "=")
		count(kv) == 2
	]
	some i, [name, val] in gates
	not set_later(gates, i, name)
}

set_later(gates, i, name) if {
	some j, [other, _] in gates
	j > i
	other == name
}

true_values := {"1", "t", "T", "true", "TRUE", "True"}

false_values := {"0", "f", "F", "false", "FALSE", "False"}

is_true(v) if v in true_values

is_false(v) if v in false_values

# A whole number written in decimal (flags that take a count of days, files or megabytes).
number(v) := to_number(v) if {
	v != ""
	every ch in split(v, "") {
		indexof("0123456789", ch) >= 0
	}
}
