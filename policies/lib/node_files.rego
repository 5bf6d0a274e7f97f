# METADATA
# title: Node file helpers
# description: >-
#   `stance node` records the files a node check looked at as one k8s.node_files resource per node
#   (docs/decisions/0008-node-checks.md): config.files.<item> = {source, looked, entries, truncated?}
#   where each entry is {path, type, mode, permissions, uid, gid, user, group, target?} or, when it
#   could not be examined, {path, error}. No entry means no such file exists on the node.
package stance.lib.node_files

import rego.v1

# Permission masks in decimal (Rego has no octal literals): 0600, 0644, 0700.
mode_600 := 384

mode_644 := 420

mode_700 := 448

# Every permission and special bit (07777): a bit outside the allowed mask is too permissive.
all_bits := 4095

# The entries of an item, [] when the node check did not record the item.
entries(obj, item) := object.get(obj, ["files", item, "entries"], [])

problem(entry) if entry.error

# An examined regular file whose name ends with suffix.
file_named(entry, suffix) if {
	entry.type == "file"
	endswith(entry.path, suffix)
}

# The item was looked at and nothing it names (among the selected entries) exists: the control
# does not apply to this node (a worker has no API server manifest; no proxy kubeconfig on disk).
none_found(obj, item, selected) if {
	_ = obj.files[item]
	count(selected) == 0
	not obj.files[item].truncated
}

# Why the rule cannot decide. A rule asks only when nothing failed: a failing file decides the
# control whatever else could not be examined.
unknowns(obj, item, _) := {sprintf("node %s: %s was not checked (the node check recorded no such item)", [node(obj), item])} if {
	not obj.files[item]
}

unknowns(obj, item, selected) := reasons if {
	_ = obj.files[item]
	problems := {sprintf("node %s: %s could not be examined: %s", [node(obj), entry.path, entry.error]) |
		some entry in selected
		problem(entry)
	}
	truncation := {sprintf("node %s: %s has more entries or levels than are examined; the rest is unknown", [node(obj), concat(", ", obj.files[item].looked)]) |
		obj.files[item].truncated
	}
	incomplete := {sprintf("node %s: %v has no mode or owner ids", [node(obj), object.get(entry, "path", "an entry")]) |
		some entry in selected
		not problem(entry)
		not examined(entry)
	}
	reasons := (problems | truncation) | incomplete
}

# An entry with what the rules read: its mode and owner ids (a hand-written snapshot may lack them).
examined(entry) if {
	is_number(object.get(entry, "mode", null))
	is_number(object.get(entry, "uid", null))
	is_number(object.get(entry, "gid", null))
}

node(obj) := object.get(obj, ["metadata", "name"], "?")

# Examined entries with a permission or special bit outside the allowed mask.
too_open(obj, selected, allowed, allowed_text) := {msg |
	some entry in selected
	not problem(entry)
	bits.and(entry.mode, all_bits - allowed) != 0
	msg := sprintf("node %s: %s%s has mode %s, more permissive than %s", [node(obj), entry.path, link(entry), entry.permissions, allowed_text])
}

link(entry) := sprintf(" (-> %s)", [entry.target]) if is_string(object.get(entry, "target", null))

link(entry) := "" if not is_string(object.get(entry, "target", null))

owner_text(entry) := sprintf("%s:%s", [name_or_id(object.get(entry, "user", null), entry.uid), name_or_id(object.get(entry, "group", null), entry.gid)])

name_or_id(name, _) := name if is_string(name)

name_or_id(name, id) := sprintf("%d", [id]) if not is_string(name)

# Examined entries not owned by user and group 0 (root:root whatever the host calls them).
not_root_owned(obj, selected) := {msg |
	some entry in selected
	not problem(entry)
	not root_owned(entry)
	msg := sprintf("node %s: %s%s is owned by %s, not root:root", [node(obj), entry.path, link(entry), owner_text(entry)])
}

root_owned(entry) if {
	entry.uid == 0
	entry.gid == 0
}

# Examined entries not owned by the named user and group (names from the host's /etc/passwd and
# /etc/group; an id the host has no name for is not that user).
not_owned_by(obj, selected, user, group) := {msg |
	some entry in selected
	not problem(entry)
	not owned_by(entry, user, group)
	not names_unknown(obj, entry)
	msg := sprintf("node %s: %s%s is owned by %s, not %s:%s", [node(obj), entry.path, link(entry), owner_text(entry), user, group])
}

owned_by(entry, user, group) if {
	entry.user == user
	entry.group == group
}

# The host's account files could not be read and the entry's ids have no name: the owner's name is unknown.
names_unknown(obj, entry) if {
	count(object.get(obj, "accountProblems", [])) > 0
	not is_string(object.get(entry, "user", null))
}

names_unknown(obj, entry) if {
	count(object.get(obj, "accountProblems", [])) > 0
	not is_string(object.get(entry, "group", null))
}

# Why owners by name cannot be decided for some entries.
unknown_names(obj, selected) := {msg |
	some entry in selected
	not problem(entry)
	names_unknown(obj, entry)
	msg := sprintf("node %s: %s is owned by %s, and the host's account names could not be read (%s)", [node(obj), entry.path, owner_text(entry), concat("; ", obj.accountProblems)])
}
