# METADATA
# title: Resource-based policy analysis
# description: >-
#   Who a resource-based policy (S3 bucket policy, SQS queue, SNS topic, Lambda function, ECR
#   repository, Secrets Manager secret, KMS key policy, ...) lets in: anyone, another account, an
#   AWS service, and which conditions narrow a grant to a known party. One library for every rule
#   that judges such a policy, tested on its own (resource_policy_test.rego).
#
#   A grant is one principal of one Allow statement. Its principal is one of:
#     anyone          "*", {"AWS": "*"}, an ARN whose account is a wildcard ("arn:aws:iam::*:root"),
#                     or an Allow with NotPrincipal (everyone but the listed ones)
#     account         a 12-digit account id or an ARN in an account ("account" holds the id)
#     service         {"Service": "sns.amazonaws.com"}
#     federated       {"Federated": ...}
#     canonical_user  {"CanonicalUser": ...} (S3; the account behind it is not known here)
#     unknown         an AWS principal that names no account (a deleted principal's unique id)
#
#   A condition narrows a grant to known parties when it compares, with a positive operator
#   (StringEquals, StringLike, StringEqualsIgnoreCase, ArnEquals, ArnLike, IpAddress; a
#   ForAnyValue: prefix is allowed), one of these keys with fixed values only (no wildcard in the
#   part that names the party):
#     aws:SourceAccount, aws:SourceOwner, aws:PrincipalAccount,
#     kms:CallerAccount (key policies)                               12-digit account ids
#     aws:PrincipalOrgID, aws:SourceOrgID                            organization ids
#     aws:PrincipalOrgPaths, aws:SourceOrgPaths                      paths under a fixed organization
#     aws:SourceArn, aws:PrincipalArn                                ARNs naming their account (or,
#                                                                    for aws:SourceArn, a fixed ARN
#                                                                    without an account field, e.g. a bucket)
#     aws:SourceVpce, aws:SourceVpc                                  endpoint or VPC ids
#     aws:SourceIp                                                   CIDRs of at most 2^24 IPv4
#                                                                    addresses (/8 or longer) or /32
#                                                                    or longer for IPv6 (decision: a
#                                                                    fixed range is a known network, as
#                                                                    S3 treats it; 0.0.0.0/0 and other
#                                                                    ranges wider than /8 are the internet)
#   "...IfExists" operators and ForAllValues: do not narrow (a request without the key passes), nor
#   do negated operators in an Allow (they let in everyone else).
#
#   A Deny statement for every principal counts against the grants whose actions and resources it
#   covers: without conditions it removes them (`denied`); with negated narrowing conditions only
#   (StringNotEquals aws:PrincipalOrgID o-..., NotIpAddress, ...; besides conditions on
#   aws:PrincipalIsAWSService, aws:ViaAWSService) it narrows them. Any other Deny (one conditioned
#   on aws:SecureTransport, say) leaves the grants as they are.
package stance.lib.resource_policy

import data.stance.lib.aws
import rego.v1

# --- Wildcards: IAM's "*" and "?" matched case-insensitively, without the glob builtins ---

# Regex metacharacters escaped one by one (the backslash first), then IAM's wildcards translated.
escape(s) := replace(replace(s8, "*", ".*"), "?", ".") if {
	s1 := replace(replace(s, "\\", "\\\\"), ".", "\\.")
	s2 := replace(replace(s1, "+", "\\+"), "(", "\\(")
	s3 := replace(replace(s2, ")", "\\)"), "[", "\\[")
	s4 := replace(replace(s3, "]", "\\]"), "{", "\\{")
	s5 := replace(replace(s4, "}", "\\}"), "^", "\\^")
	s6 := replace(s5, "$", "\\$")
	s8 := replace(s6, "|", "\\|")
}

# Whether the IAM pattern (with * and ?) matches value, ignoring case.
wildcard_match(pattern, value) if {
	is_string(pattern)
	is_string(value)
	regex.match(concat("", ["^", escape(lower(pattern)), "$"]), lower(value))
}

has_wildcard(s) if contains(s, "*")

has_wildcard(s) if contains(s, "?")

# --- Principals ---

account_pattern := `^[0-9]{12}$`

# The account field of an ARN ("" for S3 bucket ARNs), undefined for anything else.
arn_account(arn) := parts[4] if {
	is_string(arn)
	parts := split(arn, ":")
	count(parts) >= 6
	parts[0] == "arn"
}

# One AWS principal value ("*", an account id, an ARN) as a party.
aws_party(value) := {"kind": "anyone"} if value == "*"

aws_party(value) := {"kind": "account", "account": value} if regex.match(account_pattern, value)

aws_party(value) := {"kind": "anyone"} if {
	account := arn_account(value)
	has_wildcard(account)
}

aws_party(value) := {"kind": "account", "account": account} if {
	account := arn_account(value)
	regex.match(account_pattern, account)
}

aws_party(value) := {"kind": "unknown"} if {
	value != "*"
	not regex.match(account_pattern, value)
	not arn_account(value)
}

aws_party(value) := {"kind": "unknown"} if {
	account := arn_account(value)
	not has_wildcard(account)
	not regex.match(account_pattern, account)
}

party(principal_type, value) := aws_party(value) if principal_type == "AWS"

party("Service", _) := {"kind": "service"}

party("Federated", _) := {"kind": "federated"}

party("CanonicalUser", _) := {"kind": "canonical_user"}

party(principal_type, _) := {"kind": "unknown"} if not principal_type in {"AWS", "Service", "Federated", "CanonicalUser"}

# Every principal a statement names, as {"type", "value", "party"}.
principals(statement) := [{"type": "*", "value": "*", "party": {"kind": "anyone"}}] if statement.Principal == "*"

principals(statement) := [{"type": t, "value": v, "party": party(t, v)} |
	some t, values in statement.Principal
	some v in aws.as_list(values)
] if is_object(statement.Principal)

# Allow with NotPrincipal: everyone except the named principals.
principals(statement) := [{"type": "NotPrincipal", "value": statement.NotPrincipal, "party": {"kind": "anyone"}}] if {
	not statement.Principal
	statement.NotPrincipal
}

default principals(_) := []

# Whether a principal element (of a Deny) names everyone.
everyone(principal) if principal == "*"

everyone(principal) if "*" in aws.as_list(principal.AWS)

# --- Conditions ---

condition_entries(statement) := [entry |
	some operator, keys in object.get(statement, "Condition", {})
	is_object(keys)
	some key, value in keys
	entry := parse_operator(lower(operator), lower(key), aws.as_list(value))
]

parse_operator(op, key, values) := {
	"operator": op,
	"base": base,
	"if_exists": endswith(without_set, "ifexists"),
	"set": set_of(op),
	"key": key,
	"values": values,
} if {
	without_set := trim_prefix(trim_prefix(op, "foranyvalue:"), "forallvalues:")
	base := trim_suffix(without_set, "ifexists")
}

set_of(op) := "any" if startswith(op, "foranyvalue:")

set_of(op) := "all" if startswith(op, "forallvalues:")

set_of(op) := "" if {
	not startswith(op, "foranyvalue:")
	not startswith(op, "forallvalues:")
}

positive_string := {"stringequals", "stringlike", "stringequalsignorecase"}

positive_arn := {"arnequals", "arnlike", "stringequals", "stringlike"}

negated := {
	"stringnotequals": "stringequals",
	"stringnotlike": "stringlike",
	"stringnotequalsignorecase": "stringequalsignorecase",
	"arnnotequals": "arnequals",
	"arnnotlike": "arnlike",
	"notipaddress": "ipaddress",
}

account_keys := {"aws:sourceaccount", "aws:sourceowner", "aws:principalaccount", "kms:calleraccount"}

org_keys := {"aws:principalorgid", "aws:sourceorgid"}

org_path_keys := {"aws:principalorgpaths", "aws:sourceorgpaths"}

arn_keys := {"aws:sourcearn", "aws:principalarn"}

network_keys := {"aws:sourcevpce", "aws:sourcevpc"}

# Keys a Deny may also test without taking away its narrowing (AWS services acting for the owner).
service_exemption_keys := {"aws:principalisawsservice", "aws:viaawsservice"}

# Whether (base operator, key) compares the key with fixed values that name known parties.
fixed(base, key, values) if {
	key in account_keys
	base in positive_string
	every v in values {
		is_string(v)
		regex.match(account_pattern, v)
	}
}

fixed(base, key, values) if {
	key in org_keys
	base in positive_string
	every v in values {
		is_string(v)
		regex.match(`^o-[a-z0-9]+$`, lower(v))
	}
}

fixed(base, key, values) if {
	key in org_path_keys
	base in positive_string
	every v in values {
		is_string(v)
		regex.match(`^o-[a-z0-9]+/`, lower(v))
	}
}

fixed(base, key, values) if {
	key in arn_keys
	base in positive_arn
	every v in values {
		fixed_arn(key, v)
	}
}

fixed(base, key, values) if {
	key in network_keys
	base in positive_string
	every v in values {
		is_string(v)
		v != ""
		not has_wildcard(v)
	}
}

fixed("ipaddress", "aws:sourceip", values) if {
	every v in values {
		narrow_cidr(v)
	}
}

fixed_arn(_, v) if regex.match(account_pattern, arn_account(v))

# A bucket ARN has no account field: fixed only without any wildcard.
fixed_arn("aws:sourcearn", v) if {
	arn_account(v) == ""
	not has_wildcard(v)
}

# At most 2^24 IPv4 addresses (prefix /8 or longer), IPv6 /32 or longer; a bare address is one host.
narrow_cidr(v) if {
	is_string(v)
	not contains(v, "/")
	v != ""
}

narrow_cidr(v) if {
	is_string(v)
	parts := split(v, "/")
	count(parts) == 2
	not contains(parts[0], ":")
	to_number(parts[1]) >= 8
}

narrow_cidr(v) if {
	is_string(v)
	parts := split(v, "/")
	count(parts) == 2
	contains(parts[0], ":")
	to_number(parts[1]) >= 32
}

# A condition of an Allow that limits it to known parties.
narrowing(entry) if {
	count(entry.values) > 0
	not entry.if_exists
	entry.set != "all"
	fixed(entry.base, entry.key, entry.values)
}

# A condition of a Deny that denies everyone outside known parties ("StringNotEquals
# aws:PrincipalOrgID o-..."); IfExists only widens such a Deny.
negated_narrowing(entry) if {
	count(entry.values) > 0
	entry.set == ""
	positive := negated[entry.base]
	fixed(positive, entry.key, entry.values)
}

# The original spelling of a condition key, for messages.
key_label(key) := label if {
	labels := {
		"aws:sourceaccount": "aws:SourceAccount",
		"aws:sourceowner": "aws:SourceOwner",
		"aws:principalaccount": "aws:PrincipalAccount",
		"kms:calleraccount": "kms:CallerAccount",
		"aws:principalorgid": "aws:PrincipalOrgID",
		"aws:sourceorgid": "aws:SourceOrgID",
		"aws:principalorgpaths": "aws:PrincipalOrgPaths",
		"aws:sourceorgpaths": "aws:SourceOrgPaths",
		"aws:sourcearn": "aws:SourceArn",
		"aws:principalarn": "aws:PrincipalArn",
		"aws:sourcevpce": "aws:SourceVpce",
		"aws:sourcevpc": "aws:SourceVpc",
		"aws:sourceip": "aws:SourceIp",
	}
	label := labels[key]
}

# Keys that tie a service principal's request to the resources of known accounts.
source_keys := {"aws:sourceaccount", "aws:sourceowner", "aws:sourcearn", "aws:sourceorgid", "aws:sourceorgpaths"}

# --- Actions and resources ---

actions_of(statement) := {"negated": false, "list": aws.as_list(statement.Action)} if statement.Action

actions_of(statement) := {"negated": true, "list": aws.as_list(statement.NotAction)} if {
	not statement.Action
	statement.NotAction
}

default actions_of(_) := {"negated": false, "list": []}

resources_of(statement) := aws.as_list(statement.Resource) if statement.Resource

default resources_of(_) := ["*"]

# Whether a grant allows the action (an exact action name such as "s3:GetObject").
allows_action(grant, action) if {
	not grant.actions.negated
	some pattern in grant.actions.list
	wildcard_match(pattern, action)
}

allows_action(grant, action) if {
	grant.actions.negated
	not any_matches(grant.actions.list, action)
}

any_matches(patterns, action) if {
	some pattern in patterns
	wildcard_match(pattern, action)
}

# Whether a grant allows any of the actions.
allows_any(grant, actions) if {
	some action in actions
	allows_action(grant, action)
}

# Whether a grant allows some action that a pattern describes ("s3:Put*" against an Allow of
# "s3:PutObject" or of "s3:*"): either one matches the other.
allows_like(grant, pattern) if {
	not grant.actions.negated
	some allowed in grant.actions.list
	overlaps(allowed, pattern)
}

allows_like(grant, _) if grant.actions.negated

overlaps(a, b) if wildcard_match(a, b)

overlaps(a, b) if wildcard_match(b, a)

# Every pattern of `inner` is matched by some pattern of `outer` (the wildcards of inner taken literally).
covers_all(outer, inner) if {
	every i in inner {
		some o in outer
		wildcard_match(o, i)
	}
}

# --- Deny statements ---

deny_statements(doc) := [s | some s in aws.statements(doc); s.Effect == "Deny"; everyone(object.get(s, "Principal", null))]

deny_covers(deny, statement) if {
	deny.Action
	actions := actions_of(statement)
	not actions.negated
	covers_all(aws.as_list(deny.Action), actions.list)
	deny_covers_resources(deny, statement)
}

deny_covers(deny, statement) if {
	"*" in aws.as_list(deny.Action)
	deny_covers_resources(deny, statement)
}

deny_covers_resources(deny, statement) if {
	deny.Resource
	covers_all(aws.as_list(deny.Resource), resources_of(statement))
}

# The Deny applies whatever the request: the covered grants are gone.
unconditional(deny) if count(condition_entries(deny)) == 0

# The Deny removes everyone outside known parties: the covered grants are narrowed.
narrows_by_deny(deny) := [key_label(e.key) | some e in condition_entries(deny); negated_narrowing(e)] if {
	entries := condition_entries(deny)
	some e in entries
	negated_narrowing(e)
	every x in entries {
		allowed_in_narrowing_deny(x)
	}
}

allowed_in_narrowing_deny(e) if negated_narrowing(e)

allowed_in_narrowing_deny(e) if e.key in service_exemption_keys

# --- Grants ---

# One grant per principal of each Allow statement:
#   {"sid", "principal": {type, value}, "kind", "account" (kind account only), "actions": {"negated", "list"},
#    "narrowed_by": [condition keys that narrow it, its own or a Deny's], "denied": bool}
grants(doc) := [grant |
	some index, statement in aws.statements(doc)
	statement.Effect == "Allow"
	own := [key_label(e.key) | some e in condition_entries(statement); narrowing(e)]
	from_denies := [sprintf("Deny %s: %s", [sid_of(d, j), k]) |
		some j, d in aws.statements(doc)
		d.Effect == "Deny"
		everyone(object.get(d, "Principal", null))
		deny_covers(d, statement)
		some k in narrows_by_deny(d)
	]
	denied := [true | some d in deny_statements(doc); deny_covers(d, statement); unconditional(d)]
	some p in principals(statement)
	grant := object.union(
		{
			"sid": sid_of(statement, index),
			"principal": {"type": p.type, "value": p.value},
			"kind": p.party.kind,
			"actions": actions_of(statement),
			"narrowed_by": array.concat(own, from_denies),
			"source_narrowed": source_narrowed(statement),
			"denied": count(denied) > 0,
		},
		object.filter(p.party, ["account"]),
	)
]

default grants(_) := []

sid_of(statement, index) := sid if {
	sid := object.get(statement, "Sid", "")
	is_string(sid)
	sid != ""
} else := sprintf("#%d", [index + 1])

source_narrowed(statement) if {
	some e in condition_entries(statement)
	e.key in source_keys
	narrowing(e)
}

default source_narrowed(_) := false

# Grants to anyone that nothing narrows or denies: the policy makes the resource public.
public_grants(doc) := [g | some g in grants(doc); g.kind == "anyone"; count(g.narrowed_by) == 0; not g.denied]

# Grants to a named account other than the owner, not denied.
external_grants(doc, owner) := [g | some g in grants(doc); g.kind == "account"; g.account != owner; not g.denied]

# Grants to an AWS service that no aws:SourceAccount / aws:SourceArn / aws:SourceOwner / source
# organization condition ties to known resources: any account's use of that service reaches the
# resource (the "confused deputy").
unscoped_service_grants(doc) := [g | some g in grants(doc); g.kind == "service"; not g.source_narrowed; count(g.narrowed_by) == 0; not g.denied]

# "who" of a grant for messages.
who(grant) := "anyone (Principal *)" if {
	grant.kind == "anyone"
	grant.principal.type != "NotPrincipal"
}

who(grant) := "everyone but the NotPrincipal" if grant.principal.type == "NotPrincipal"

who(grant) := sprintf("account %s", [grant.account]) if grant.kind == "account"

who(grant) := sprintf("service %v", [grant.principal.value]) if grant.kind == "service"

who(grant) := sprintf("%s %v", [grant.principal.type, grant.principal.value]) if not grant.kind in {"anyone", "account", "service"}

actions_text(grant) := sprintf("all actions except %s", [concat(", ", [sprintf("%v", [a]) | some a in grant.actions.list])]) if grant.actions.negated

actions_text(grant) := concat(", ", [sprintf("%v", [a]) | some a in grant.actions.list]) if not grant.actions.negated

# "statement <sid> lets <who> <actions>", for messages.
describe(grant) := sprintf("statement %s allows %s: %s", [grant.sid, who(grant), actions_text(grant)])

# A policy the collector could not decode (kept as {"stanceUndecodable": ...}).
undecodable(doc) if doc.stanceUndecodable
