# METADATA
# title: Container image is not pinned by digest
# description: >-
#   A tag can be moved to other content at any time by whoever can push to the repository; only a
#   digest (name@sha256:...) names exactly one image. The Kubernetes documentation recommends the
#   digest to make sure a Pod always runs the same version. Checked on regular and init containers
#   of Pods and of every workload's pod template, outside the system namespaces.
# custom:
#   id: k8s-image-not-pinned-by-digest
#   severity: low
#   resource_types: [k8s.pod, k8s.deployment, k8s.statefulset, k8s.daemonset, k8s.replicaset, k8s.replicationcontroller, k8s.job, k8s.cronjob]
#   remediation: |-
#     Append the image's digest to the reference (the tag may stay for readability):
#       containers:
#         - name: app
#           image: registry.example/app:1.4.2@sha256:<digest>
#     Find the digest with: crane digest registry.example/app:1.4.2 (or docker buildx imagetools inspect),
#     or let the pipeline that builds the image write it into the manifest. Then: kubectl apply -f <manifest>.
package stance.rules.k8s.images.digest

import data.stance.lib.k8s
import rego.v1

not_applicable if not k8s.hygiene_applies(input.resource.config)

deny contains {"msg": msg, "container": entry.id} if {
	some entry in k8s.imaged_containers(input.resource.config)
	not k8s.digest_pinned(entry.container.image)
	msg := sprintf("%s runs image %s, not pinned by digest", [entry.ref, entry.container.image])
}
