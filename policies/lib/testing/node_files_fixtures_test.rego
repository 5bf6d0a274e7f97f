# Test-only helpers for the node file rules: k8s.node_files resources as `stance node` records them
# (src/collect/node), built from a few items with entries in the collector's shape.
package stance.lib.testing.node_files

import rego.v1

ctx := {"now_ns": 1763900000000000000, "provider": "k8s", "account": "prod", "region": "_cluster"}

# A node check of node cp-1 that recorded these items.
node(files) := {
	"resource": {
		"id": "k8s://prod/_cluster/NodeFiles/cp-1",
		"type": "k8s.node_files",
		"provider": "k8s",
		"account": "prod",
		"region": "_cluster",
		"name": "cp-1",
		"tags": {},
		"config": {
			"apiVersion": "stance.dev/v1",
			"kind": "NodeFiles",
			"metadata": {"name": "cp-1"},
			"root": "/host",
			"processes": {"collected": true, "running": {}},
			"files": files,
		},
	},
	"context": ctx,
}

# The same node check, had the host's /etc/passwd and /etc/group not been readable.
without_names(case) := json.patch(case, [{"op": "add", "path": "/resource/config/accountProblems", "value": ["/etc/passwd: EACCES", "/etc/group: EACCES"]}])

# An item with these entries (none: nothing it names exists on the node).
found(entries) := {"source": "test", "looked": [e.path | some e in entries], "entries": entries}

# An item whose directory had more entries than the node check examines.
truncated(entries) := object.union(found(entries), {"looked": ["/etc/kubernetes/pki"], "truncated": true})

ids := {"root": 0, "etcd": 998, "kube": 1000}

pow8 := [1, 8, 64, 512]

# "640" → 416: octal permissions as the collector stores them (mode) beside the text (permissions).
octal(text) := sum([(to_number(digit) * pow8[i]) | some i, digit in array.reverse(split(text, ""))])

entry(path, type, permissions, user, group) := {
	"path": path,
	"type": type,
	"mode": octal(permissions),
	"permissions": permissions,
	"uid": ids[user],
	"gid": ids[group],
	"user": user,
	"group": group,
}

file(path, permissions, user, group) := entry(path, "file", permissions, user, group)

dir(path, permissions, user, group) := entry(path, "directory", permissions, user, group)

# A file whose owner ids have no name in the host's account files.
unnamed(path, permissions, uid, gid) := {
	"path": path,
	"type": "file",
	"mode": octal(permissions),
	"permissions": permissions,
	"uid": uid,
	"gid": gid,
	"user": null,
	"group": null,
}

# A path the node check could not examine.
denied(path) := {"path": path, "error": "EACCES"}
