# METADATA
# title: CloudWatch monitoring helpers
# description: >-
#   The CIS AWS "monitoring" controls (metric filter, alarm and subscribed SNS topic on the
#   CloudWatch Logs group of a multi-region trail) shared by the aws.cloudwatch rules. They read
#   an aws.cloudtrail.region resource: config.Trails and config.stance.monitoring.
package stance.lib.cloudwatch

import data.stance.lib.aws
import rego.v1

# --- Filter patterns ---

# A filter pattern (or one term of it) without whitespace and double quotes, lowercased, so that
# `$.eventName = "CreateTrail"` and `$.eventName=CreateTrail` compare equal.
normalize(s) := lower(strings.replace_n({" ": "", "\t": "", "\n": "", "\r": "", "\"": ""}, s))

# The comparisons of a filter pattern: the normalized pattern split at braces, parentheses,
# `||` and `&&`. Whitespace is gone after normalize, so a newline is a safe separator.
pattern_terms(pattern) := {term |
	some term in split(strings.replace_n({"{": "\n", "}": "\n", "(": "\n", ")": "\n", "||": "\n", "&&": "\n"}, normalize(pattern)), "\n")
	term != ""
}

# The terms of a control (in the form the rule writes them) that a metric filter lacks.
missing_terms(filter, terms) := [term |
	some term in terms
	not normalize(term) in pattern_terms(object.get(filter, "filterPattern", ""))
]

# --- Trails ---

trails(resource) := object.get(resource.config, "Trails", [])

readonly_value := {"read": "true", "write": "false"}

basic_types := {"read": {"All", "ReadOnly"}, "write": {"All", "WriteOnly"}}

logs_management(trail, direction) if {
	some selector in object.get(trail, "EventSelectors", [])
	object.get(selector, "IncludeManagementEvents", false) == true
	object.get(selector, "ReadWriteType", "All") in basic_types[direction]
}

logs_management(trail, direction) if {
	some selector in object.get(trail, "AdvancedEventSelectors", [])
	some field in object.get(selector, "FieldSelectors", [])
	field.Field == "eventCategory"
	"Management" in object.get(field, "Equals", [])
	readonly_allows(selector, readonly_value[direction])
}

readonly_fields(selector) := [f | some f in selector.FieldSelectors; f.Field == "readOnly"]

# No readOnly field selector: both reads and writes are logged.
readonly_allows(selector, _) if count(readonly_fields(selector)) == 0

readonly_allows(selector, value) if {
	some f in readonly_fields(selector)
	value in object.get(f, "Equals", [])
}

readonly_allows(selector, value) if {
	some f in readonly_fields(selector)
	not f.Equals
	count(object.get(f, "NotEquals", [])) > 0
	not value in f.NotEquals
}

trail_checks := {
	"logging": "not logging",
	"management": "management events not all logged",
	"multi_region": "not multi-region",
}

trail_passes(trail, "logging") if trail.Status.IsLogging == true

trail_passes(trail, "management") if {
	logs_management(trail, "read")
	logs_management(trail, "write")
}

trail_passes(trail, "multi_region") if trail.IsMultiRegionTrail == true

trail_fact_of := {"logging": "Status.IsLogging", "management": "event selectors", "multi_region": "IsMultiRegionTrail"}

# The problems a trail is known to have: checks on facts that were reported.
trail_problems(trail) := [problem |
	some check, problem in trail_checks
	not trail_fact_of[check] in aws.trail_missing_facts(trail)
	not trail_passes(trail, check)
]

# Trails whose events CIS accepts as the source of monitoring: multi-region, logging, and
# recording management events, reads and writes.
qualifying_trails(resource) := [trail |
	some trail in trails(resource)
	count(aws.trail_missing_facts(trail)) == 0
	count(trail_problems(trail)) == 0
]

# Trails with no known problem whose missing facts could make them qualify.
undecided_trails(resource) := [trail |
	some trail in trails(resource)
	count(aws.trail_missing_facts(trail)) > 0
	count(trail_problems(trail)) == 0
]

# --- Metric filters, alarms, topics ---

monitoring(resource) := object.get(resource.config, ["stance", "monitoring"], {"collected": false})

# What watches a trail's log group; undefined when the trail does not deliver to CloudWatch Logs.
watch(resource, trail) := watched if {
	some watched in object.get(monitoring(resource), "trails", [])
	watched.TrailARN == trail.TrailARN
}

filters(watched) := object.get(watched, "MetricFilters", [])

# An alarm that notifies an SNS topic someone has confirmed a subscription to.
notifies(alarm) if {
	some topic in object.get(alarm, "Topics", [])
	topic.TopicArn in object.get(alarm, "AlarmActions", [])
	is_number(topic.ConfirmedSubscriptions)
	topic.ConfirmedSubscriptions >= 1
}

complete_filters(watched, terms) := [filter |
	some filter in filters(watched)
	count(missing_terms(filter, terms)) == 0
]

monitored(resource, terms) if {
	some trail in qualifying_trails(resource)
	some filter in complete_filters(watch(resource, trail), terms)
	some alarm in object.get(filter, "Alarms", [])
	notifies(alarm)
}

# --- Verdicts ---

# Without a qualifying trail the control fails whatever CloudWatch holds, unless a trail whose
# facts were not all reported might qualify; with one, the monitoring fact decides, and it must
# have been collected. A qualifying trail that is monitored decides whatever the others are.
decidable(resource, _) if {
	trails_reported(resource)
	count(qualifying_trails(resource)) == 0
	count(undecided_trails(resource)) == 0
}

decidable(resource, terms) if {
	count(qualifying_trails(resource)) > 0
	monitoring(resource).collected == true
	monitored(resource, terms)
}

decidable(resource, _) if {
	trails_reported(resource)
	count(qualifying_trails(resource)) > 0
	monitoring(resource).collected == true
	count(undecided_trails(resource)) == 0
}

trails_reported(resource) if is_array(resource.config.Trails)

# The `unknown` set of a monitoring rule: `events` names what the control watches, `terms` the
# comparisons its metric filter must contain.
unknown(resource, events, terms) := {msg |
	not decidable(resource, terms)
	msg := sprintf("CloudWatch Logs metric filters, alarms and SNS subscriptions watching %s in region %s (%s)", [events, resource.region, not_known(resource)])
}

not_known(resource) := sprintf("the CloudTrail trails of region %s were not reported", [resource.region]) if {
	not trails_reported(resource)
} else := msg if {
	count(undecided_trails(resource)) > 0
	msg := sprintf("trail facts not reported: %s", [concat("; ", sort([sprintf("%s: %s", [object.get(t, "Name", "(no name)"), concat(", ", aws.trail_missing_facts(t))]) | some t in undecided_trails(resource)]))])
} else := not_collected(resource)

not_collected(resource) := sprintf("scopes not collected: %s", [concat(", ", monitoring(resource).missing)]) if {
	count(object.get(monitoring(resource), "missing", [])) > 0
} else := "the Logs, CloudWatch or SNS scope of the trails' log groups errored or was not scanned"

# The `deny` messages of a monitoring rule: `terms` are the comparisons of the CIS filter
# pattern that a metric filter must contain.
problems(resource, events, terms) := {msg |
	decidable(resource, terms)
	not monitored(resource, terms)
	msg := sprintf("%s are not monitored in region %s: %s", [events, resource.region, reason(resource, terms)])
}

reason(resource, _) := "no CloudTrail trail covers the region" if count(trails(resource)) == 0

reason(resource, _) := msg if {
	count(trails(resource)) > 0
	count(qualifying_trails(resource)) == 0
	per_trail := sort([sprintf("%s: %s", [t.Name, concat(", ", trail_problems(t))]) | some t in trails(resource)])
	msg := sprintf("no multi-region CloudTrail trail that is logging and records all management events (%s)", [concat("; ", per_trail)])
}

reason(resource, terms) := concat("; ", sort([trail_reason(resource, t, terms) | some t in qualifying_trails(resource)])) if {
	count(qualifying_trails(resource)) > 0
}

trail_reason(resource, trail, terms) := msg if {
	not watch(resource, trail)
	msg := sprintf("trail %s does not deliver its events to CloudWatch Logs", [trail.Name])
} else := msg if {
	complete := [f.filterName | some f in complete_filters(watch(resource, trail), terms)]
	count(complete) > 0
	msg := sprintf("trail %s: no alarm on the metric of filter %s notifies an SNS topic with a confirmed subscription", [trail.Name, concat(", ", sort(complete))])
} else := msg if {
	partial := [sprintf("filter %s lacks %s", [f.filterName, concat(", ", missing)]) |
		some f in filters(watch(resource, trail))
		missing := missing_terms(f, terms)
		count(missing) < count(terms)
	]
	count(partial) > 0
	msg := sprintf("trail %s: %s", [trail.Name, concat("; ", sort(partial))])
} else := sprintf("trail %s: no metric filter on log group %s matches these events", [trail.Name, watch(resource, trail).LogGroupArn])
