package stance.lib.cloudwatch_test

import data.stance.lib.cloudwatch
import data.stance.lib.testing.aws as fx
import data.stance.lib.testing.cloudwatch as cw
import rego.v1

test_pattern_terms_split_at_operators_and_parentheses if {
	cloudwatch.pattern_terms(`{ ($.eventName = "CreateTrail") || ($.eventName=DeleteTrail) && $.userIdentity.invokedBy NOT EXISTS }`) == {
		"$.eventname=createtrail",
		"$.eventname=deletetrail",
		"$.useridentity.invokedbynotexists",
	}
}

test_term_is_not_matched_by_a_longer_event_name if {
	cloudwatch.missing_terms({"filterPattern": "{ ($.eventName = DeletePolicyVersion) }"}, [`$.eventName = DeletePolicy`]) == [`$.eventName = DeletePolicy`]
}

test_missing_filter_pattern_lacks_everything if {
	cloudwatch.missing_terms({}, [`$.eventName = A`, `$.eventName = B`]) == [`$.eventName = A`, `$.eventName = B`]
}

terms := [`$.eventName = CreateTrail`, `$.eventName = StopLogging`]

test_monitored_through_a_second_trail if {
	second := fx.trail_config({"Name": "audit", "TrailARN": cw.other_trail_arn})
	resource := cw.region([fx.trail_config({}), second], {"collected": true, "trails": [
		cw.watched_trail(fx.trail_arn, []),
		cw.watched_trail(cw.other_trail_arn, [cw.alarmed_filter("trail-changes", "{ ($.eventName = CreateTrail) || ($.eventName = StopLogging) }")]),
	]}).resource
	cloudwatch.problems(resource, "CloudTrail changes", terms) == set()
}

test_reasons_for_each_qualifying_trail if {
	second := fx.trail_config({"Name": "audit", "TrailARN": cw.other_trail_arn})
	resource := cw.region([fx.trail_config({}), second], {"collected": true, "trails": [cw.watched_trail(cw.other_trail_arn, [
		cw.alarmed_filter("a", "{ $.eventName = CreateTrail }"),
		cw.alarmed_filter("b", "{ $.eventName = StopLogging }"),
	])]}).resource
	cloudwatch.problems(resource, "CloudTrail changes", terms) == {"CloudTrail changes are not monitored in region eu-west-1: trail audit: filter a lacks $.eventName = StopLogging; filter b lacks $.eventName = CreateTrail; trail org-trail does not deliver its events to CloudWatch Logs"}
}

test_unknown_without_missing_scopes if {
	resource := json.remove(cw.not_collected, ["resource/config/stance/monitoring/missing"]).resource
	cloudwatch.unknown(resource, "CloudTrail changes", terms) == {"CloudWatch Logs metric filters, alarms and SNS subscriptions watching CloudTrail changes in region eu-west-1 (the Logs, CloudWatch or SNS scope of the trails' log groups errored or was not scanned)"}
}

test_unknown_names_missing_scopes if {
	cloudwatch.unknown(cw.not_collected.resource, "CloudTrail changes", terms) == {"CloudWatch Logs metric filters, alarms and SNS subscriptions watching CloudTrail changes in region eu-west-1 (scopes not collected: aws/111122223333/eu-west-1/logs, aws/111122223333/eu-west-1/sns)"}
}

test_advanced_selectors_count_as_management_events if {
	trail := json.patch(json.remove(fx.trail_config({}), ["EventSelectors"]), [{"op": "add", "path": "/AdvancedEventSelectors", "value": [{"Name": "Management events", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}]}]}])
	count(cloudwatch.trail_problems(trail)) == 0
}

test_advanced_selectors_restricted_to_writes_do_not if {
	trail := json.patch(json.remove(fx.trail_config({}), ["EventSelectors"]), [{"op": "add", "path": "/AdvancedEventSelectors", "value": [{"Name": "Writes", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "readOnly", "Equals": ["false"]}]}]}])
	cloudwatch.trail_problems(trail) == ["management events not all logged"]
}

test_advanced_selectors_excluding_reads_by_not_equals if {
	trail := json.patch(json.remove(fx.trail_config({}), ["EventSelectors"]), [{"op": "add", "path": "/AdvancedEventSelectors", "value": [{"Name": "Writes", "FieldSelectors": [{"Field": "eventCategory", "Equals": ["Management"]}, {"Field": "readOnly", "NotEquals": ["true"]}]}]}])
	cloudwatch.trail_problems(trail) == ["management events not all logged"]
}

test_unknown_names_the_unreported_trail_facts if {
	resource := json.remove(cw.monitored([]), ["resource/config/Trails/0/Status"]).resource
	cloudwatch.unknown(resource, "CloudTrail changes", terms) == {"CloudWatch Logs metric filters, alarms and SNS subscriptions watching CloudTrail changes in region eu-west-1 (trail facts not reported: org-trail: Status.IsLogging)"}
}

test_unknown_when_trails_were_not_reported if {
	resource := json.remove(cw.monitored([]), ["resource/config/Trails"]).resource
	cloudwatch.unknown(resource, "CloudTrail changes", terms) == {"CloudWatch Logs metric filters, alarms and SNS subscriptions watching CloudTrail changes in region eu-west-1 (the CloudTrail trails of region eu-west-1 were not reported)"}
}
