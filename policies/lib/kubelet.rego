# METADATA
# title: Kubelet configuration helpers
# description: >-
#   The kubelet configuration a live scan reads through the API server's node proxy
#   (/api/v1/nodes/NAME/proxy/configz) is stored on the Node as config.stance.kubeletConfig: the
#   KubeletConfiguration (kubelet.config.k8s.io/v1beta1) the kubelet runs with, or
#   {"collected": false, "error": ...} when the proxy call failed. Manifest scans have no such key:
#   the kubelet rules do not apply to those Nodes.
package stance.lib.kubelet

import rego.v1

# The Node carries a kubelet configuration fact, collected or not.
has_fact(obj) if {
	obj.kind == "Node"
	_ = obj.stance.kubeletConfig
}

not_collected(obj) if obj.stance.kubeletConfig.collected == false

# The kubelet's configuration, when it was collected.
config(obj) := obj.stance.kubeletConfig if {
	has_fact(obj)
	not not_collected(obj)
}

# Why the kubelet configuration of the Node is not known (a rule's `unknown`).
failure(obj) := msg if {
	not_collected(obj)
	msg := sprintf("kubelet configuration of node %s could not be read: %s", [obj.metadata.name, object.get(obj.stance.kubeletConfig, "error", "no reason given")])
}

absent := {"absent": true}

# The configuration field at path (a list of keys); undefined when the kubelet did not report it.
field(obj, path) := v if {
	v := object.get(config(obj), path, absent)
	v != absent
}

# A field the kubelet always reports once defaulted (a pointer field of v1beta1) is missing:
# the rule cannot decide and says so instead of assuming a value.
missing(obj, path) := msg if {
	object.get(config(obj), path, absent) == absent
	msg := sprintf("the kubelet configuration of node %s does not report %s", [obj.metadata.name, concat(".", path)])
}

# A field v1beta1 omits when it holds its zero value (false, 0, ""): absent means that value.
field_or_zero(obj, path, zero) := object.get(config(obj), path, zero)
