# METADATA
# title: GuardDuty helpers
# description: >-
#   Reads the aws.guardduty.region fact (GetDetector answers of the region's detectors): whether a
#   detector is enabled and whether one of its protection features is on, from the Features list
#   or, for detectors described before features existed, the older DataSources.
package stance.lib.guardduty

import rego.v1

config := input.resource.config

not_offered if config.Offered == false

detectors := object.get(config, "Detectors", "not reported")

enabled_detectors := [d | some d in detectors; d.Status == "ENABLED"]

enabled if count(enabled_detectors) > 0

# Why the fact cannot be judged at all.
unknown_base contains msg if {
	not not_offered
	not is_array(detectors)
	msg := sprintf("GuardDuty detectors in region %s were not reported", [input.resource.region])
}

unknown_base contains msg if {
	is_array(detectors)
	not enabled
	some d in detectors
	not is_string(object.get(d, "Status", null))
	msg := sprintf("GuardDuty detector %v in region %s did not report its Status", [object.get(d, "DetectorId", "?"), input.resource.region])
}

# The older data source that stands for a feature, when the detector lists no features.
legacy_status(d, "S3_DATA_EVENTS") := d.DataSources.S3Logs.Status

legacy_status(d, "EKS_AUDIT_LOGS") := d.DataSources.Kubernetes.AuditLogs.Status

legacy_status(d, "EBS_MALWARE_PROTECTION") := d.DataSources.MalwareProtection.ScanEc2InstanceWithFindings.EbsVolumes.Status

listed_statuses(d, name) := {sprintf("%v", [f.Status]) | some f in d.Features; f.Name == name}

feature_status(d, name) := concat("/", sort(listed)) if {
	is_array(d.Features)
	listed := listed_statuses(d, name)
	count(listed) > 0
}

feature_status(d, name) := "NOT_LISTED" if {
	is_array(d.Features)
	count(listed_statuses(d, name)) == 0
}

feature_status(d, name) := legacy_status(d, name) if not is_array(object.get(d, "Features", null))

feature_on(name) if {
	some d in enabled_detectors
	feature_status(d, name) == "ENABLED"
}

# Whether the enabled detectors say anything about the feature.
feature_reported(name) if {
	some d in enabled_detectors
	feature_status(d, name)
}

# For a protection feature rule: why it cannot be judged, and why it fails (GuardDuty or the feature off).
feature_unknown(name) := unknown_base | {msg |
	enabled
	not feature_on(name)
	not feature_reported(name)
	msg := sprintf("GuardDuty in region %s: the detector reported neither Features nor DataSources for %s", [input.resource.region, name])
}

feature_deny(name, label) := {msg |
	is_array(detectors)
	count(unknown_base) == 0
	not enabled
	msg := sprintf("GuardDuty is not enabled in region %s, so %s is off", [input.resource.region, label])
} | {msg |
	enabled
	not feature_on(name)
	feature_reported(name)
	statuses := [sprintf("%v", [feature_status(d, name)]) | some d in enabled_detectors]
	msg := sprintf("GuardDuty %s is off in region %s (%s: %s)", [label, input.resource.region, name, concat(", ", statuses)])
}
