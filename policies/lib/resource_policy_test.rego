package stance.lib.resource_policy_test

import data.stance.lib.resource_policy as rp
import rego.v1

owner := "111122223333"

other := "444455556666"

doc(statements) := {"Version": "2012-10-17", "Statement": statements}

allow(principal, fields) := object.union({"Effect": "Allow", "Principal": principal, "Action": "sqs:SendMessage", "Resource": "arn:aws:sqs:eu-west-1:111122223333:orders"}, fields)

public(statements) if count(rp.public_grants(doc(statements))) > 0

external(statements) if count(rp.external_grants(doc(statements), owner)) > 0

unscoped(statements) if count(rp.unscoped_service_grants(doc(statements))) > 0

cond(operator, key, value) := {"Condition": {operator: {key: value}}}

# --- Who a principal is ---

test_star_is_public if public([allow("*", {})])

test_aws_star_is_public if public([allow({"AWS": "*"}, {})])

test_aws_star_in_list_is_public if public([allow({"AWS": ["arn:aws:iam::111122223333:root", "*"]}, {})])

test_wildcard_account_arn_is_public if public([allow({"AWS": "arn:aws:iam::*:root"}, {})])

test_wildcard_account_role_is_public if public([allow({"AWS": "arn:aws:iam::*:role/deployer"}, {})])

test_single_statement_object if count(rp.public_grants({"Statement": allow("*", {})})) == 1

test_not_principal_allow_is_public if public([{"Effect": "Allow", "NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}, "Action": "sqs:*", "Resource": "*"}])

test_own_account_is_neither if {
	not public([allow({"AWS": "arn:aws:iam::111122223333:root"}, {})])
	not external([allow({"AWS": "arn:aws:iam::111122223333:role/app"}, {})])
	not external([allow({"AWS": owner}, {})])
}

test_other_account_is_external_not_public if {
	statements := [allow({"AWS": "arn:aws:iam::444455556666:root"}, {})]
	external(statements)
	not public(statements)
	[g] := rp.external_grants(doc(statements), owner)
	g.account == other
}

test_bare_account_id_is_external if external([allow({"AWS": other}, {})])

test_wildcard_role_name_in_own_account_is_own if {
	grants := rp.grants(doc([allow({"AWS": "arn:aws:iam::111122223333:role/*"}, {})]))
	grants[0].kind == "account"
	grants[0].account == owner
}

test_unique_id_is_unknown_neither_public_nor_external if {
	statements := [allow({"AWS": "AROAEXAMPLEDELETEDROLE"}, {})]
	not public(statements)
	not external(statements)
	rp.grants(doc(statements))[0].kind == "unknown"
}

test_canonical_user_and_federated_are_neither if {
	not public([allow({"CanonicalUser": "79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be"}, {})])
	not public([allow({"Federated": "cognito-identity.amazonaws.com"}, {})])
}

test_mixed_principal_object_gives_one_grant_each if {
	grants := rp.grants(doc([allow({"AWS": ["arn:aws:iam::444455556666:root", "arn:aws:iam::111122223333:root"], "Service": "sns.amazonaws.com"}, {})]))
	count(grants) == 3
	{g.kind | some g in grants} == {"account", "service"}
}

test_deny_statements_grant_nothing if {
	not public([{"Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "*"}])
	rp.grants(doc([{"Effect": "Deny", "Principal": "*", "Action": "sqs:*", "Resource": "*"}])) == []
}

test_no_policy_grants_nothing if {
	rp.grants(null) == []
	rp.public_grants({}) == []
}

# --- Service principals ---

test_service_without_source_is_unscoped if unscoped([allow({"Service": "s3.amazonaws.com"}, {"Action": "lambda:InvokeFunction"})])

test_service_is_not_public if not public([allow({"Service": "s3.amazonaws.com"}, {})])

test_service_with_source_account_is_scoped if not unscoped([allow({"Service": "s3.amazonaws.com"}, cond("StringEquals", "AWS:SourceAccount", owner))])

test_service_with_source_arn_is_scoped if not unscoped([allow({"Service": "events.amazonaws.com"}, cond("ArnLike", "aws:SourceArn", "arn:aws:events:eu-west-1:111122223333:rule/*"))])

test_service_with_bucket_source_arn_is_scoped if not unscoped([allow({"Service": "s3.amazonaws.com"}, cond("ArnEquals", "aws:SourceArn", "arn:aws:s3:::acme-uploads"))])

test_service_with_wildcard_bucket_source_arn_is_unscoped if unscoped([allow({"Service": "s3.amazonaws.com"}, cond("ArnLike", "aws:SourceArn", "arn:aws:s3:::acme-*"))])

test_service_with_vpce_only_is_narrowed if not unscoped([allow({"Service": "s3.amazonaws.com"}, cond("StringEquals", "aws:SourceVpce", "vpce-0abc"))])

test_service_with_source_owner_is_scoped if not unscoped([allow({"Service": "sns.amazonaws.com"}, cond("StringEquals", "AWS:SourceOwner", owner))])

# --- Conditions that narrow a grant to anyone ---

test_source_account_narrows if not public([allow("*", cond("StringEquals", "aws:SourceAccount", owner))])

test_source_account_of_another_account_narrows if not public([allow("*", cond("StringEquals", "aws:SourceAccount", [other, owner]))])

test_condition_keys_and_operators_ignore_case if not public([allow("*", cond("stringequals", "AWS:SOURCEACCOUNT", owner))])

test_source_account_wildcard_does_not_narrow if public([allow("*", cond("StringLike", "aws:SourceAccount", "*"))])

test_source_account_partial_wildcard_does_not_narrow if public([allow("*", cond("StringLike", "aws:SourceAccount", "1111*"))])

test_one_wildcard_among_values_does_not_narrow if public([allow("*", cond("StringEquals", "aws:SourceAccount", [owner, "*"]))])

test_empty_value_list_does_not_narrow if public([allow("*", cond("StringEquals", "aws:SourceAccount", []))])

test_if_exists_does_not_narrow if public([allow("*", cond("StringEqualsIfExists", "aws:SourceAccount", owner))])

test_for_all_values_does_not_narrow if public([allow("*", cond("ForAllValues:StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"))])

test_negated_operator_in_allow_does_not_narrow if public([allow("*", cond("StringNotEquals", "aws:SourceAccount", other))])

test_principal_org_id_narrows if not public([allow({"AWS": "*"}, cond("StringEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"))])

test_principal_org_id_wildcard_does_not_narrow if public([allow({"AWS": "*"}, cond("StringLike", "aws:PrincipalOrgID", "o-*"))])

test_principal_org_paths_under_fixed_org_narrows if not public([allow("*", cond("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/*"))])

test_principal_org_paths_any_org_does_not_narrow if public([allow("*", cond("ForAnyValue:StringLike", "aws:PrincipalOrgPaths", "o-*/*"))])

test_kms_caller_account_narrows if not public([allow({"AWS": "*"}, {"Action": ["kms:Encrypt", "kms:Decrypt"], "Condition": {"StringEquals": {"kms:CallerAccount": owner, "kms:ViaService": "ec2.eu-west-1.amazonaws.com"}}})])

test_kms_via_service_alone_does_not_narrow if public([allow({"AWS": "*"}, cond("StringEquals", "kms:ViaService", "ec2.eu-west-1.amazonaws.com"))])

test_principal_account_narrows if not public([allow("*", cond("StringEquals", "aws:PrincipalAccount", owner))])

test_principal_arn_with_account_narrows if not public([allow("*", cond("ArnLike", "aws:PrincipalArn", "arn:aws:iam::111122223333:role/ci-*"))])

test_principal_arn_any_account_does_not_narrow if public([allow("*", cond("ArnLike", "aws:PrincipalArn", "arn:aws:iam::*:role/ci"))])

test_source_arn_with_account_narrows if not public([allow("*", cond("ArnEquals", "aws:SourceArn", "arn:aws:sns:eu-west-1:111122223333:alerts"))])

test_source_arn_wildcard_account_does_not_narrow if public([allow("*", cond("ArnLike", "aws:SourceArn", "arn:aws:sns:eu-west-1:*:alerts"))])

test_principal_arn_without_account_does_not_narrow if public([allow("*", cond("ArnEquals", "aws:PrincipalArn", "arn:aws:s3:::acme-uploads"))])

test_source_vpce_narrows if not public([allow("*", cond("StringEquals", "aws:SourceVpce", "vpce-1a2b3c4d"))])

test_source_vpc_narrows if not public([allow("*", cond("StringEquals", "aws:SourceVpc", ["vpc-111bbb22"]))])

test_source_vpce_wildcard_does_not_narrow if public([allow("*", cond("StringLike", "aws:SourceVpce", "vpce-*"))])

test_source_ip_cidr_narrows if not public([allow("*", cond("IpAddress", "aws:SourceIp", ["203.0.113.0/24", "198.51.100.7"]))])

test_source_ip_slash_8_narrows if not public([allow("*", cond("IpAddress", "aws:SourceIp", "10.0.0.0/8"))])

test_source_ip_internet_does_not_narrow if public([allow("*", cond("IpAddress", "aws:SourceIp", "0.0.0.0/0"))])

test_source_ip_wider_than_8_does_not_narrow if public([allow("*", cond("IpAddress", "aws:SourceIp", ["203.0.113.0/24", "0.0.0.0/1"]))])

test_source_ip_ipv6_narrow_and_wide if {
	not public([allow("*", cond("IpAddress", "aws:SourceIp", "2001:db8::/48"))])
	public([allow("*", cond("IpAddress", "aws:SourceIp", "::/0"))])
}

test_not_ip_address_in_allow_does_not_narrow if public([allow("*", cond("NotIpAddress", "aws:SourceIp", "203.0.113.0/24"))])

test_unrelated_condition_does_not_narrow if public([allow("*", cond("Bool", "aws:SecureTransport", "true"))])

test_narrowing_among_other_conditions_narrows if not public([allow("*", {"Condition": {"Bool": {"aws:SecureTransport": "true"}, "StringEquals": {"aws:SourceAccount": owner}}})])

test_narrowed_by_names_the_key if {
	[g] := rp.grants(doc([allow("*", cond("StringEquals", "aws:sourcevpce", "vpce-1a2b3c4d"))]))
	g.narrowed_by == ["aws:SourceVpce"]
}

# --- Deny statements against grants ---

deny_all(fields) := object.union({"Sid": "DenyOutside", "Effect": "Deny", "Principal": "*", "Action": "*", "Resource": "*"}, fields)

test_unconditional_deny_removes_grant if {
	statements := [allow("*", {}), deny_all({})]
	not public(statements)
	rp.grants(doc(statements))[0].denied == true
}

test_unconditional_deny_removes_external_grant if not external([allow({"AWS": other}, {}), deny_all({})])

test_deny_of_a_wider_action_pattern_removes_grant if not public([allow("*", {}), deny_all({"Action": "sqs:*"})])

test_deny_of_other_actions_leaves_grant if public([allow("*", {"Action": ["sqs:SendMessage", "sqs:ReceiveMessage"]}), deny_all({"Action": "sqs:SendMessage"})])

test_deny_on_part_of_the_resources_leaves_grant if public([allow("*", {"Resource": "arn:aws:s3:::acme/*"}), deny_all({"Action": "s3:*", "Resource": "arn:aws:s3:::acme/private/*"})])

test_deny_on_matching_resource_pattern_removes_grant if not public([allow("*", {"Resource": "arn:aws:s3:::acme/*"}), deny_all({"Resource": ["arn:aws:s3:::acme", "arn:aws:s3:::acme/*"]})])

test_deny_without_resource_leaves_grant if public([allow("*", {}), json.remove(deny_all({}), ["Resource"])])

test_deny_of_not_action_grant_needs_star if {
	not_action := {"Effect": "Allow", "Principal": "*", "NotAction": "sqs:DeleteQueue", "Resource": "*"}
	public([not_action, deny_all({"Action": "sqs:*"})])
	not public([not_action, deny_all({})])
}

test_deny_for_one_principal_leaves_grant if public([allow("*", {}), deny_all({"Principal": {"AWS": "arn:aws:iam::444455556666:root"}})])

test_deny_with_not_principal_leaves_grant if public([allow("*", {}), json.remove(deny_all({"NotPrincipal": {"AWS": "arn:aws:iam::111122223333:root"}}), ["Principal"])])

test_deny_outside_the_org_narrows if {
	statements := [allow("*", {}), deny_all(cond("StringNotEquals", "aws:PrincipalOrgID", "o-a1b2c3d4e5"))]
	not public(statements)
	[g] := rp.grants(doc(statements))
	g.narrowed_by == ["Deny DenyOutside: aws:PrincipalOrgID"]
	g.denied == false
}

test_deny_outside_the_vpce_if_exists_narrows if not public([allow("*", {}), deny_all(cond("StringNotEqualsIfExists", "aws:SourceVpce", "vpce-1a2b3c4d"))])

test_deny_outside_the_org_except_services_narrows if not public([allow("*", {}), deny_all({"Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "BoolIfExists": {"aws:PrincipalIsAWSService": "false"}}})])

test_deny_outside_a_wildcard_org_leaves_grant if public([allow("*", {}), deny_all(cond("StringNotLike", "aws:PrincipalOrgID", "o-*"))])

test_deny_over_http_leaves_grant if public([allow("*", {}), deny_all(cond("Bool", "aws:SecureTransport", "false"))])

test_deny_narrowing_and_other_condition_leaves_grant if public([allow("*", {}), deny_all({"Condition": {"StringNotEquals": {"aws:PrincipalOrgID": "o-a1b2c3d4e5"}, "Bool": {"aws:SecureTransport": "false"}}})])

# --- Actions ---

grant_of(fields) := rp.grants(doc([allow("*", fields)]))[0]

test_action_wildcards_match_ignoring_case if {
	rp.allows_action(grant_of({"Action": "s3:Get*"}), "s3:GetObject")
	rp.allows_action(grant_of({"Action": ["S3:getobject"]}), "s3:GetObject")
	rp.allows_action(grant_of({"Action": "*"}), "s3:PutObject")
	rp.allows_action(grant_of({"Action": "s3:Get?bject"}), "s3:GetObject")
	not rp.allows_action(grant_of({"Action": "s3:Get*"}), "s3:PutObject")
}

test_dot_in_pattern_is_literal if not rp.allows_action(grant_of({"Action": "s3:Get.bject"}), "s3:GetObject")

test_regex_characters_in_pattern_are_literal if {
	not rp.allows_action(grant_of({"Action": "s3:(Get|Put)Object"}), "s3:GetObject")
	rp.allows_action(grant_of({"Action": "s3:(Get|Put)Object"}), "s3:(get|put)object")
}

test_not_action_allows_everything_else if {
	g := rp.grants(doc([{"Effect": "Allow", "Principal": "*", "NotAction": ["s3:Delete*"], "Resource": "*"}]))[0]
	rp.allows_action(g, "s3:GetObject")
	not rp.allows_action(g, "s3:DeleteObject")
}

test_allows_any if {
	rp.allows_any(grant_of({"Action": "sqs:ReceiveMessage"}), ["sqs:SendMessage", "sqs:ReceiveMessage"])
	not rp.allows_any(grant_of({"Action": "sqs:ReceiveMessage"}), ["sqs:SendMessage"])
}

test_allows_like_overlaps_either_way if {
	rp.allows_like(grant_of({"Action": "s3:PutObject"}), "s3:Put*")
	rp.allows_like(grant_of({"Action": "s3:*"}), "s3:Put*")
	not rp.allows_like(grant_of({"Action": "s3:GetObject"}), "s3:Put*")
}

# --- Messages ---

test_describe if {
	rp.describe(grant_of({"Sid": "Open"})) == "statement Open allows anyone (Principal *): sqs:SendMessage"
	rp.describe(rp.grants(doc([allow({"AWS": other}, {"Action": ["sqs:A", "sqs:B"]})]))[0]) == "statement #1 allows account 444455556666: sqs:A, sqs:B"
	rp.describe(rp.grants(doc([{"Effect": "Allow", "NotPrincipal": {"AWS": owner}, "NotAction": "sqs:DeleteQueue", "Resource": "*"}]))[0]) == "statement #1 allows everyone but the NotPrincipal: all actions except sqs:DeleteQueue"
}

test_undecodable if {
	rp.undecodable({"stanceUndecodable": "%zz"})
	not rp.undecodable(doc([]))
}
