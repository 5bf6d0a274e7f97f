package stance.lib.dates_test

import data.stance.lib.dates
import rego.v1

test_epoch if dates.ns("1970-01-01T00:00:00Z") == 0

test_known_instant if dates.ns("2025-11-23T12:13:20Z") == 1763900000000000000

test_fraction_and_offset if {
	dates.ns("2025-11-23T13:13:20.000+01:00") == 1763900000000000000
	dates.ns("2025-11-23T07:13:20-05:00") == 1763900000000000000
	dates.ns("2025-11-23T12:13:20+00:00") == 1763900000000000000
}

test_leap_years if {
	dates.ns("2024-03-01T00:00:00Z") - dates.ns("2024-02-28T00:00:00Z") == 2 * dates.ns_per_day
	dates.ns("2100-03-01T00:00:00Z") - dates.ns("2100-02-28T00:00:00Z") == dates.ns_per_day
	dates.ns("2000-03-01T00:00:00Z") - dates.ns("2000-02-28T00:00:00Z") == 2 * dates.ns_per_day
}

test_bare_date if dates.ns("2025-11-23") == 1763856000000000000

test_not_a_timestamp if {
	not dates.ns("N/A")
	not dates.ns("no_information")
	not dates.ns("not_supported")
	not dates.ns(null)
}

test_age_days if {
	dates.age_days("2025-08-25T12:13:20Z", 1763900000000000000) == 90
	dates.age_days("2025-08-25T12:13:21Z", 1763900000000000000) == 89
}
