package stance.lib.pss_test

import data.stance.lib.pss
import rego.v1

minor_at(version) := m if {
	m := pss.minor with input as {"context": {"pss_version": version}}
}

test_latest_is_the_newest_known_version if {
	pss.minor == pss.latest_minor with input as {"context": {}}
	pss.version_label == "latest = v1.35" with input as {"context": {}}
	minor_at("latest") == 35
}

test_pinned_versions if {
	minor_at("v1.0") == 0
	minor_at("v1.29") == 29
	minor_at("v1.35") == 35
}

test_a_version_above_latest_is_checked_as_latest if {
	minor_at("v1.40") == 35
	pss.version_label == "v1.40, checked as v1.35" with input as {"context": {"pss_version": "v1.40"}}
}

test_invalid_versions_are_unknown if {
	every version in ["v1.07", "v2.1", "1.30", "", "v1.", 1.3, null] {
		not minor_at(version)
		count(pss.unknown) == 1 with input as {"context": {"pss_version": version}}
	}
}
