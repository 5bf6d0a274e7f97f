# METADATA
# title: Container image has no tag or uses latest
# description: >-
#   An image referenced without a tag, or with the tag latest, runs whatever was last pushed under
#   that name: two replicas can run different code, and a rollback does not roll back. The
#   Kubernetes documentation advises against latest in production. A reference pinned by digest
#   (name@sha256:...) decides the content whatever its tag, so it passes. Checked on regular and
#   init containers of Pods and of every workload's pod template, outside the system namespaces.
# custom:
#   id: k8s-image-latest-tag
#   severity: medium
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Reference a released version, or better its digest:
#       containers:
#         - name: app
#           image: registry.example/app:1.4.2@sha256:<digest>
#     Find the digest with: crane digest registry.example/app:1.4.2 (or docker buildx imagetools inspect).
#     Then re-apply: kubectl apply -f <manifest>.
package stance.rules.k8s.images.latest_tag

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.hygiene_applies(input.resource.config)

deny contains {"msg": msg, "container": entry.id} if {
	some entry in k8s.imaged_containers(input.resource.config)
	image := entry.container.image
	not k8s.digest_pinned(image)
	not k8s.image_tag(image)
	msg := sprintf("%s runs image %s without a tag (the runtime pulls latest)", [entry.ref, image])
}

deny contains {"msg": msg, "container": entry.id} if {
	some entry in k8s.imaged_containers(input.resource.config)
	image := entry.container.image
	not k8s.digest_pinned(image)
	k8s.image_tag(image) == "latest"
	msg := sprintf("%s runs image %s, tagged latest", [entry.ref, image])
}
