import { readFileSync, statSync } from 'node:fs';
import { relative } from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { Severity } from '../types.js';
import { IntelLists } from './intel.js';
import { inCidr, parseCidr, type CidrRange } from './net.js';
import { walkFiles, type WalkProblem } from './walk.js';
import { parseCondition, splitAggregation, type ConditionNode } from './sigma/condition.js';
import {
  compileFieldMatcher,
  compileKeywords,
  SigmaError,
  type CompileContext,
  type Predicate,
} from './sigma/matchers.js';

export { SigmaError, type Predicate };

export const CORRELATION_TYPES = [
  'event_count',
  'value_count',
  'temporal',
  'temporal_ordered',
  'value_sum',
  'value_avg',
  'value_percentile',
] as const;
export type CorrelationType = (typeof CORRELATION_TYPES)[number];
export type RuleKind = 'match' | 'new_value' | 'anomaly' | 'impossible_travel' | CorrelationType;

export const CONDITION_OPS = ['gt', 'gte', 'lt', 'lte', 'eq', 'neq'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];
/** Criteria that must all hold (`{gt: 100, lte: 200}` is a range). */
export type CorrelationCondition = [ConditionOp, number][];

export interface RuleTest {
  name: string;
  expect: 'match' | 'no_match';
  events: unknown[];
  /** Intel lists in force during the test: label → IPs/CIDRs. */
  intel?: Record<string, string[]>;
}

export interface CorrelationSpec {
  type: CorrelationType;
  /** Ids of the base rules, event rules or correlations (resolved from Sigma `name` or `id`). */
  rules: string[];
  timespanMs: number;
  /** What the metric (count, distinct values, rules seen or in order, sum, average, percent) must meet. */
  condition: CorrelationCondition;
  /** The value fields (value_count: their combination; value_sum, value_avg, value_percentile: one). */
  fields?: string[];
  /** Sigma `aliases`: alias → base rule reference (name or id) → the field it stands for in that rule's events. */
  aliases?: Record<string, Record<string, string>>;
}

export interface NewValueSpec {
  fields: string[];
  learningMs: number;
  expireMs: number;
  maxValues: number;
  maxGroups: number;
}

export interface AnomalySpec {
  bucketMs: number;
  baselineMs: number;
  learningMs: number;
  factor: number;
  minCount: number;
}

export interface TravelSpec {
  /** Faster than this (km/h, great circle) between consecutive located events is impossible. */
  maxSpeedKmh: number;
  /** Hops shorter than this are ignored (city-level geolocation is approximate). */
  minDistanceKm: number;
  /** Events further apart than this are not compared; each identity keeps this much history. */
  horizonMs: number;
  /** Source addresses never located (known VPN egress): intel list labels and CIDRs. */
  allowed: (ip: string) => boolean;
}

export interface DetectionRule {
  /** The id signals carry: the Sigma `name` when present, else its `id`. */
  id: string;
  title: string;
  description: string;
  triage: string;
  severity: Severity;
  tags: string[];
  mitre: string[];
  file: string;
  kind: RuleKind;
  /** Base rules: the compiled detection; correlations have none. */
  match?: Predicate;
  /** Lower-cased eventName / eventSource values the detection requires, for the index. */
  pinnedNames?: string[];
  pinnedSources?: string[];
  groupBy: string[];
  /** False for base rules that only feed correlations. */
  generate: boolean;
  correlation?: CorrelationSpec;
  newValue?: NewValueSpec;
  anomaly?: AnomalySpec;
  travel?: TravelSpec;
  /** How long one signal keeps absorbing events, and the quiet gap that ends it. */
  maxDurationMs: number;
  gapMs: number;
  tests: RuleTest[];
}

export interface LoadResult {
  rules: DetectionRule[];
  /** Rules rejected: `file: rule: feature`. */
  errors: string[];
  /** Rule files (or directory entries) that could not be read: `path: reason`. */
  unreadable: string[];
  /** Loaded, but something was ignored (unknown keys). */
  warnings: string[];
  /** The lists the rules' intel and expand modifiers read. */
  intel: IntelLists;
}

const DEFAULT_GROUP_BY = ['recipientAccountId', 'userIdentity.arn'];
const HOUR = 3600_000;
const DAY = 24 * HOUR;

const LEVELS: Record<string, Severity> = {
  informational: 'info',
  info: 'info',
  low: 'low',
  medium: 'medium',
  high: 'high',
  critical: 'critical',
};

const TOP_LEVEL_KEYS = new Set([
  'title',
  'id',
  'name',
  'status',
  'description',
  'references',
  'author',
  'date',
  'modified',
  'tags',
  'logsource',
  'detection',
  'falsepositives',
  'level',
  'fields',
  'related',
  'license',
  'taxonomy',
  'scope',
  'correlation',
  'generate',
  'stance',
]);
const STANCE_KEYS = new Set([
  'tests',
  'group-by',
  'triage',
  'method',
  'fields',
  'learning',
  'expire',
  'max-values',
  'max-groups',
  'bucket',
  'baseline',
  'factor',
  'min-count',
  'max-duration',
  'gap',
  'max-speed',
  'min-distance',
  'horizon',
  'allow',
]);

export function parseDuration(value: unknown, what: string): number {
  const m = /^(\d+)\s*(ms|s|m|h|d|w|M|y)$/.exec(String(value ?? '').trim());
  if (!m) throw new SigmaError(`${what}: ${JSON.stringify(value)} is not a duration (e.g. 10m, 1h, 14d)`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: HOUR, d: DAY, w: 7 * DAY, M: 30 * DAY, y: 365 * DAY }[
    m[2] as 'ms'
  ];
  return Number(m[1]) * unit;
}

function stringList(value: unknown, what: string): string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? value : [value];
  if (!list.every((v) => typeof v === 'string' && v.length > 0))
    throw new SigmaError(`${what}: expected a list of field names`);
  return list as string[];
}

/** eventName / eventSource values a selection requires, lower-cased; undefined when it does not pin them. */
function selectionPins(selection: unknown, field: string): Set<string> | undefined {
  const maps = Array.isArray(selection) ? selection : [selection];
  const out = new Set<string>();
  for (const map of maps) {
    if (!map || typeof map !== 'object' || Array.isArray(map)) return undefined;
    const value = (map as Record<string, unknown>)[field];
    if (value === undefined) return undefined;
    const values = Array.isArray(value) ? value : [value];
    if (!values.every((v) => typeof v === 'string' && !/[*?\\]/.test(v))) return undefined;
    for (const v of values as string[]) out.add(v.toLowerCase());
  }
  return out;
}

function conditionPins(
  node: ConditionNode,
  detection: Record<string, unknown>,
  field: string,
): Set<string> | undefined {
  switch (node.type) {
    case 'sel':
      return selectionPins(detection[node.name], field);
    case 'not':
      return undefined;
    case 'and':
      for (const item of node.items) {
        const pins = conditionPins(item, detection, field);
        if (pins) return pins;
      }
      return undefined;
    case 'or': {
      const out = new Set<string>();
      for (const item of node.items) {
        const pins = conditionPins(item, detection, field);
        if (!pins) return undefined;
        pins.forEach((p) => out.add(p));
      }
      return out;
    }
  }
}

function compileSelection(name: string, body: unknown, ctx: CompileContext): Predicate {
  const where = `selection '${name}'`;
  const compileMap = (map: Record<string, unknown>): Predicate => {
    const entries = Object.entries(map);
    if (entries.length === 0) throw new SigmaError(`${where}: empty selection`);
    const predicates = entries.map(
      ([key, value]) => compileFieldMatcher(key, value, ctx, `${where}, field '${key}'`).predicate,
    );
    return predicates.length === 1 ? predicates[0]! : (r) => predicates.every((p) => p(r));
  };
  if (body && typeof body === 'object' && !Array.isArray(body))
    return compileMap(body as Record<string, unknown>);
  if (Array.isArray(body)) {
    if (body.length === 0) throw new SigmaError(`${where}: empty list`);
    if (body.every((item) => item && typeof item === 'object' && !Array.isArray(item))) {
      const alternatives = body.map((m) => compileMap(m as Record<string, unknown>));
      return (r) => alternatives.some((p) => p(r));
    }
    if (body.every((item) => item === null || typeof item !== 'object')) return compileKeywords(body, where);
    throw new SigmaError(`${where}: mixes field maps and keywords`);
  }
  if (typeof body === 'string' || typeof body === 'number') return compileKeywords([body], where);
  throw new SigmaError(`${where}: expected a map of fields, a list of maps or keywords`);
}

function compileNode(node: ConditionNode, selections: Map<string, Predicate>): Predicate {
  switch (node.type) {
    case 'sel':
      return selections.get(node.name)!;
    case 'not': {
      const inner = compileNode(node.item, selections);
      return (r) => !inner(r);
    }
    case 'and': {
      const items = node.items.map((n) => compileNode(n, selections));
      return (r) => items.every((p) => p(r));
    }
    case 'or': {
      const items = node.items.map((n) => compileNode(n, selections));
      return (r) => items.some((p) => p(r));
    }
  }
}

interface Draft {
  rule: DetectionRule;
  /** Sigma `name` and `id`, either may be referenced by a correlation. */
  refs: string[];
  correlationRefs?: string[];
  generateBase?: boolean;
}

function parseTests(value: unknown): RuleTest[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw new SigmaError('stance.tests: expected a list');
  return value.map((t, i) => {
    const test = t as Record<string, unknown>;
    const name = typeof test?.name === 'string' ? test.name : `test ${i + 1}`;
    if (test?.expect !== 'match' && test?.expect !== 'no_match')
      throw new SigmaError(`stance.tests[${i}] (${name}): expect must be match or no_match`);
    const events =
      test.events !== undefined ? test.events : test.event !== undefined ? [test.event] : undefined;
    if (!Array.isArray(events) || events.length === 0)
      throw new SigmaError(`stance.tests[${i}] (${name}): needs event or events`);
    for (const key of Object.keys(test)) {
      if (!['name', 'expect', 'event', 'events', 'intel'].includes(key))
        throw new SigmaError(`stance.tests[${i}] (${name}): unknown key '${key}'`);
    }
    const intel = test.intel as Record<string, string[]> | undefined;
    if (intel !== undefined && (typeof intel !== 'object' || !Object.values(intel).every(Array.isArray))) {
      throw new SigmaError(`stance.tests[${i}] (${name}): intel must map labels to lists of IPs or CIDRs`);
    }
    return { name, expect: test.expect, events, ...(intel ? { intel } : {}) };
  });
}

function num(value: unknown, fallback: number, what: string): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0)) throw new SigmaError(`${what}: expected a positive number`);
  return value;
}

/** Sigma correlation `aliases`: `{alias: {rule name or id: field}}`. */
function parseAliases(value: unknown): Record<string, Record<string, string>> | undefined {
  if (value === undefined) return undefined;
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new SigmaError('correlation.aliases: expected a mapping of alias → {rule: field}');
  const out: Record<string, Record<string, string>> = {};
  for (const [alias, map] of Object.entries(value as Record<string, unknown>)) {
    if (!map || typeof map !== 'object' || Array.isArray(map))
      throw new SigmaError(`correlation.aliases.${alias}: expected a mapping of rule → field`);
    out[alias] = {};
    for (const [ref, field] of Object.entries(map as Record<string, unknown>)) {
      if (typeof field !== 'string' || !field)
        throw new SigmaError(`correlation.aliases.${alias}.${ref}: expected a field name`);
      out[alias][ref] = field;
    }
  }
  return out;
}

/** One YAML document → a rule draft (correlation references resolved later). */
function compileDocument(
  doc: Record<string, unknown>,
  file: string,
  ctx: CompileContext,
  warnings: string[],
): Draft {
  const label = String(doc.name ?? doc.id ?? doc.title ?? '?');
  for (const key of Object.keys(doc)) {
    if (!TOP_LEVEL_KEYS.has(key)) warnings.push(`${file}: rule ${label}: unknown key '${key}' (ignored)`);
  }
  if (doc.action !== undefined) throw new SigmaError(`'action' (rule collections) is not supported`);
  if (typeof doc.title !== 'string') throw new SigmaError('missing title');
  const id = typeof doc.name === 'string' ? doc.name : typeof doc.id === 'string' ? doc.id : undefined;
  if (!id) throw new SigmaError('missing id (or name)');
  const level = doc.level === undefined ? 'medium' : LEVELS[String(doc.level).toLowerCase()];
  if (!level)
    throw new SigmaError(
      `level ${JSON.stringify(doc.level)} is not one of informational, low, medium, high, critical`,
    );
  const tags = stringList(doc.tags, 'tags').map((t) => t.toLowerCase());
  const stance = (doc.stance ?? {}) as Record<string, unknown>;
  if (typeof stance !== 'object' || Array.isArray(stance)) throw new SigmaError('stance: expected a mapping');
  for (const key of Object.keys(stance))
    if (!STANCE_KEYS.has(key)) throw new SigmaError(`stance: unknown key '${key}'`);
  const rule: DetectionRule = {
    id,
    title: doc.title,
    description: typeof doc.description === 'string' ? doc.description.trim() : '',
    triage: typeof stance.triage === 'string' ? stance.triage.trim() : '',
    severity: level,
    tags,
    mitre: tags.filter((t) => t.startsWith('attack.')),
    file,
    kind: 'match',
    groupBy:
      stance['group-by'] !== undefined ? stringList(stance['group-by'], 'stance.group-by') : DEFAULT_GROUP_BY,
    generate: true,
    maxDurationMs:
      stance['max-duration'] !== undefined
        ? parseDuration(stance['max-duration'], 'stance.max-duration')
        : DAY,
    gapMs: stance.gap !== undefined ? parseDuration(stance.gap, 'stance.gap') : HOUR,
    tests: parseTests(stance.tests),
  };
  const refs = [doc.name, doc.id].filter((r): r is string => typeof r === 'string');

  if (doc.correlation !== undefined) {
    const c = doc.correlation as Record<string, unknown>;
    if (!c || typeof c !== 'object') throw new SigmaError('correlation: expected a mapping');
    for (const key of Object.keys(c)) {
      if (!['type', 'rules', 'group-by', 'timespan', 'condition', 'generate', 'aliases'].includes(key))
        throw new SigmaError(`correlation: unknown key '${key}'`);
    }
    const type = c.type as CorrelationType;
    if (!(CORRELATION_TYPES as readonly unknown[]).includes(type)) {
      throw new SigmaError(
        `correlation type ${JSON.stringify(type)} is not supported (${CORRELATION_TYPES.join(', ')})`,
      );
    }
    const baseRefs = stringList(c.rules, 'correlation.rules');
    if (baseRefs.length === 0) throw new SigmaError('correlation.rules: at least one rule');
    const ordered = type === 'temporal' || type === 'temporal_ordered';
    if (
      c.condition !== undefined &&
      (typeof c.condition !== 'object' || c.condition === null || Array.isArray(c.condition))
    )
      throw new SigmaError('correlation.condition: expected a mapping');
    const rawCondition = (c.condition ?? {}) as Record<string, unknown>;
    const condition: CorrelationCondition = [];
    let fields: string[] | undefined;
    for (const [key, value] of Object.entries(rawCondition)) {
      if (key === 'field') {
        fields = typeof value === 'string' ? [value] : stringList(value, 'correlation.condition.field');
        continue;
      }
      if (!(CONDITION_OPS as readonly string[]).includes(key))
        throw new SigmaError(`correlation condition '${key}' is not supported (${CONDITION_OPS.join(', ')})`);
      if (typeof value !== 'number' || !Number.isFinite(value))
        throw new SigmaError(`correlation.condition.${key}: expected a number`);
      condition.push([key as ConditionOp, value]);
    }
    // temporal and temporal_ordered: by default every base rule (in order, for temporal_ordered).
    if (condition.length === 0 && ordered) condition.push(['gte', baseRefs.length]);
    if (condition.length === 0)
      throw new SigmaError(`correlation.condition: ${type} needs a criterion (${CONDITION_OPS.join(', ')})`);
    const needsField = type !== 'event_count' && !ordered;
    if (needsField && !fields?.length)
      throw new SigmaError(`correlation.condition.field: ${type} needs a field`);
    if (!needsField && fields) throw new SigmaError(`correlation.condition.field: ${type} takes no field`);
    if (fields && fields.length > 1 && type !== 'value_count')
      throw new SigmaError(`correlation.condition.field: ${type} takes one field`);
    rule.kind = type;
    rule.groupBy = stringList(c['group-by'], 'correlation.group-by');
    const aliases = parseAliases(c.aliases);
    rule.correlation = {
      type,
      rules: baseRefs,
      timespanMs: parseDuration(c.timespan, 'correlation.timespan'),
      condition,
      ...(fields ? { fields } : {}),
      ...(aliases ? { aliases } : {}),
    };
    return {
      rule,
      refs,
      correlationRefs: baseRefs,
      generateBase: c.generate === true || doc.generate === true,
    };
  }

  const logsource = (doc.logsource ?? {}) as Record<string, unknown>;
  if (
    String(logsource.product ?? '').toLowerCase() !== 'aws' ||
    String(logsource.service ?? '').toLowerCase() !== 'cloudtrail'
  ) {
    throw new SigmaError(`logsource ${JSON.stringify(logsource)} is not product aws, service cloudtrail`);
  }
  const detection = doc.detection as Record<string, unknown> | undefined;
  if (!detection || typeof detection !== 'object') throw new SigmaError('missing detection');
  const names = Object.keys(detection).filter((k) => k !== 'condition' && k !== 'timeframe');
  const selections = new Map<string, Predicate>();
  for (const name of names) selections.set(name, compileSelection(name, detection[name], ctx));
  const conditions = Array.isArray(detection.condition) ? detection.condition : [detection.condition];
  if (conditions.length === 0 || !conditions.every((c) => typeof c === 'string'))
    throw new SigmaError('detection.condition: expected a string');
  const parsed = (conditions as string[]).map((text) => splitAggregation(text));
  const aggregation = parsed.find((p) => p.aggregation)?.aggregation;
  if (aggregation && parsed.length > 1)
    throw new SigmaError('a condition list with an aggregation is not supported');
  const nodes = parsed.map((p) => parseCondition(p.search, names));
  const node: ConditionNode = nodes.length === 1 ? nodes[0]! : { type: 'or', items: nodes };
  rule.match = compileNode(node, selections);
  const pinnedNames = conditionPins(node, detection, 'eventName');
  const pinnedSources = pinnedNames ? undefined : conditionPins(node, detection, 'eventSource');
  if (pinnedNames) rule.pinnedNames = [...pinnedNames];
  if (pinnedSources) rule.pinnedSources = [...pinnedSources];

  if (aggregation) {
    // `selection | count() by x > N` is an event_count (or value_count) correlation over this search.
    rule.kind = aggregation.field ? 'value_count' : 'event_count';
    rule.groupBy = aggregation.groupBy;
    rule.correlation = {
      type: rule.kind,
      rules: [id],
      timespanMs:
        detection.timeframe !== undefined ? parseDuration(detection.timeframe, 'detection.timeframe') : HOUR,
      condition: [[aggregation.op, aggregation.value]],
      ...(aggregation.field ? { fields: [aggregation.field] } : {}),
    };
    return { rule, refs };
  } else if (detection.timeframe !== undefined) {
    throw new SigmaError('detection.timeframe without an aggregation is not supported');
  }

  const method = stance.method;
  if (method === 'new_value') {
    rule.kind = 'new_value';
    rule.newValue = {
      fields: stringList(stance.fields, 'stance.fields'),
      learningMs: stance.learning !== undefined ? parseDuration(stance.learning, 'stance.learning') : 7 * DAY,
      expireMs: stance.expire !== undefined ? parseDuration(stance.expire, 'stance.expire') : 90 * DAY,
      maxValues: num(stance['max-values'], 1000, 'stance.max-values'),
      maxGroups: num(stance['max-groups'], 10_000, 'stance.max-groups'),
    };
    if (rule.newValue.fields.length === 0)
      throw new SigmaError('stance.fields: new_value needs at least one field');
    if (stance['group-by'] === undefined) rule.groupBy = ['recipientAccountId'];
  } else if (method === 'anomaly') {
    rule.kind = 'anomaly';
    rule.anomaly = {
      bucketMs: stance.bucket !== undefined ? parseDuration(stance.bucket, 'stance.bucket') : HOUR,
      baselineMs:
        stance.baseline !== undefined ? parseDuration(stance.baseline, 'stance.baseline') : 14 * DAY,
      learningMs: stance.learning !== undefined ? parseDuration(stance.learning, 'stance.learning') : DAY,
      factor: num(stance.factor, 5, 'stance.factor'),
      minCount: num(stance['min-count'], 10, 'stance.min-count'),
    };
  } else if (method === 'impossible_travel') {
    rule.kind = 'impossible_travel';
    const allow = stance.allow === undefined ? [] : stringList(stance.allow, 'stance.allow');
    const ranges: CidrRange[] = [];
    const labels: string[] = [];
    for (const entry of allow) {
      const range = parseCidr(entry);
      if (range) ranges.push(range);
      else if (/^[A-Za-z0-9_.-]+$/.test(entry)) labels.push(entry);
      else
        throw new SigmaError(
          `stance.allow: ${JSON.stringify(entry)} is neither a CIDR nor an intel list label`,
        );
    }
    const intel = ctx.intel;
    rule.travel = {
      maxSpeedKmh: num(stance['max-speed'], 1000, 'stance.max-speed'),
      minDistanceKm: num(stance['min-distance'], 500, 'stance.min-distance'),
      horizonMs: stance.horizon !== undefined ? parseDuration(stance.horizon, 'stance.horizon') : DAY,
      allowed: (ip) => ranges.some((r) => inCidr(ip, r)) || labels.some((l) => intel.match(ip, l)),
    };
    if (stance['group-by'] !== undefined)
      throw new SigmaError(
        'stance.group-by: impossible_travel groups by identity (user ARN, or role and session)',
      );
    rule.groupBy = ['identity'];
  } else if (method !== undefined) {
    throw new SigmaError(
      `stance.method ${JSON.stringify(method)} is not supported (new_value, anomaly, impossible_travel)`,
    );
  }
  return { rule, refs };
}

/** Rule files larger than this are refused (the bundled ones are under 50 KB). */
export const MAX_RULE_FILE_BYTES = 1024 * 1024;

const RULE_FILE = /\.ya?ml$/i;

/**
 * What a pack was compiled from: its rule texts and the intel lists its rules read. A detection
 * worker compiles the same texts again (compiled rules are functions; they cannot be sent).
 */
export interface PackOrigin {
  sources: readonly { file: string; text: string }[];
  intel: IntelLists;
}

const origins = new WeakMap<DetectionRule, PackOrigin>();

/** The texts a rule was compiled from (undefined for a rule built otherwise). */
export function packOrigin(rule: DetectionRule): PackOrigin | undefined {
  return origins.get(rule);
}

/** Compiles rule texts: `[{file, text}]`. Correlations may reference base rules in other files. */
export function compileRuleTexts(
  sources: readonly { file: string; text: string }[],
  intel = new IntelLists(),
): LoadResult {
  const ctx: CompileContext = { intel };
  const errors: string[] = [];
  const warnings: string[] = [];
  const drafts: Draft[] = [];
  for (const { file, text } of sources) {
    const docs = parseAllDocuments(text);
    for (const [i, doc] of (Array.isArray(docs) ? docs : [docs]).entries()) {
      if (doc.errors.length) {
        const e = doc.errors[0]!;
        errors.push(`${file}:${e.linePos?.[0]?.line ?? '?'}: invalid YAML (${e.message.split('\n')[0]})`);
        continue;
      }
      let value: Record<string, unknown> | null;
      try {
        value = doc.toJS() as Record<string, unknown> | null;
      } catch (error) {
        // yaml refuses documents whose aliases expand too far (a "billion laughs" bomb).
        errors.push(`${file}: document ${i + 1}: invalid YAML (${(error as Error).message.split('\n')[0]})`);
        continue;
      }
      if (value === null || value === undefined) continue;
      const label =
        typeof value === 'object'
          ? String(value.name ?? value.id ?? value.title ?? `document ${i + 1}`)
          : `document ${i + 1}`;
      try {
        if (typeof value !== 'object' || Array.isArray(value)) throw new SigmaError('expected a mapping');
        drafts.push(compileDocument(value, file, ctx, warnings));
      } catch (error) {
        if (!(error instanceof SigmaError)) throw error;
        errors.push(`${file}: rule ${label}: ${error.message}`);
      }
    }
  }
  const byRef = new Map<string, Draft>();
  const seen = new Set<string>();
  const accepted: Draft[] = [];
  for (const draft of drafts) {
    if (seen.has(draft.rule.id)) {
      errors.push(`${draft.rule.file}: rule ${draft.rule.id}: duplicate rule id`);
      continue;
    }
    seen.add(draft.rule.id);
    accepted.push(draft);
    for (const ref of draft.refs) byRef.set(ref, draft);
  }
  const rejected = new Set<Draft>();
  for (const draft of accepted) {
    if (!draft.correlationRefs) continue;
    const bases = draft.correlationRefs.map((ref) => byRef.get(ref));
    const missing = draft.correlationRefs.filter(
      (_, i) => !bases[i] || (!bases[i]!.rule.match && !bases[i]!.rule.correlation),
    );
    if (missing.length) {
      errors.push(
        `${draft.rule.file}: rule ${draft.rule.id}: correlation references unknown rule(s) ${missing.join(', ')}`,
      );
      rejected.add(draft);
      continue;
    }
    const corr = draft.rule.correlation!;
    for (const [alias, map] of Object.entries(corr.aliases ?? {})) {
      const unknown = Object.keys(map).filter((ref) => !draft.correlationRefs!.includes(ref));
      if (unknown.length) {
        errors.push(
          `${draft.rule.file}: rule ${draft.rule.id}: correlation alias ${alias} names rule(s) the correlation does not reference: ${unknown.join(', ')}`,
        );
        rejected.add(draft);
      }
    }
    if (rejected.has(draft)) continue;
    corr.rules = bases.map((b) => b!.rule.id);
    // Aliases are kept by base rule id from here on.
    if (corr.aliases)
      corr.aliases = Object.fromEntries(
        Object.entries(corr.aliases).map(([alias, map]) => [
          alias,
          Object.fromEntries(Object.entries(map).map(([ref, field]) => [byRef.get(ref)!.rule.id, field])),
        ]),
      );
    for (const base of bases) if (!draft.generateBase) base!.rule.generate = false;
  }
  // Chains of correlations must end: a correlation that (through others) reads itself is refused.
  const byId = new Map(accepted.map((d) => [d.rule.id, d]));
  const cyclic = (start: Draft): boolean => {
    const seen = new Set<string>();
    const stack = [...(start.rule.correlation?.rules ?? []).filter((id) => id !== start.rule.id)];
    while (stack.length) {
      const id = stack.pop()!;
      if (id === start.rule.id) return true;
      if (seen.has(id)) continue;
      seen.add(id);
      const d = byId.get(id);
      for (const next of d?.rule.correlation?.rules ?? []) if (next !== id) stack.push(next);
    }
    return false;
  };
  for (const draft of accepted) {
    if (draft.correlationRefs && !rejected.has(draft) && cyclic(draft)) {
      errors.push(`${draft.rule.file}: rule ${draft.rule.id}: correlation chain refers back to itself`);
      rejected.add(draft);
    }
  }
  // A correlation built on a rejected rule cannot run either.
  for (let changed = true; changed;) {
    changed = false;
    for (const draft of accepted) {
      if (rejected.has(draft) || !draft.rule.correlation) continue;
      const bad = draft.rule.correlation.rules.find(
        (id) => id !== draft.rule.id && rejected.has(byId.get(id)!),
      );
      if (bad) {
        errors.push(`${draft.rule.file}: rule ${draft.rule.id}: correlation references rejected rule ${bad}`);
        rejected.add(draft);
        changed = true;
      }
    }
  }
  const rules = accepted.filter((d) => !rejected.has(d)).map((d) => d.rule);
  const origin: PackOrigin = { sources: [...sources], intel };
  for (const rule of rules) origins.set(rule, origin);
  return {
    rules,
    errors,
    warnings,
    intel,
    unreadable: [],
  };
}

/**
 * Loads every `*.yaml`/`*.yml` under the directories (or a rule file given as such). An entry that
 * cannot be read (a dangling or looping link, an unreadable file or directory, a file over
 * MAX_RULE_FILE_BYTES) is listed in `unreadable` and skipped; the other files load. A path that
 * does not exist throws.
 */
export function loadRules(dirs: string[], intel = new IntelLists(), base = process.cwd()): LoadResult {
  const sources: { file: string; text: string }[] = [];
  const problems: WalkProblem[] = [];
  const shown = (path: string) => relative(base, path) || path;
  for (const dir of dirs) {
    let isDir: boolean;
    try {
      isDir = statSync(dir).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') throw new SigmaError(`${dir}: no such file or directory`);
      problems.push({ path: dir, reason: code === 'EACCES' ? 'permission denied' : `cannot read (${code})` });
      continue;
    }
    const files = isDir ? walkFiles(dir, { wanted: (name) => RULE_FILE.test(name) }, problems) : [dir];
    for (const path of files) {
      try {
        const size = statSync(path).size;
        if (size > MAX_RULE_FILE_BYTES) {
          problems.push({
            path,
            reason: `larger than ${MAX_RULE_FILE_BYTES / 1024 / 1024} MiB (the limit for a rule file)`,
          });
          continue;
        }
        sources.push({ file: shown(path), text: readFileSync(path, 'utf8') });
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        problems.push({
          path,
          reason:
            code === 'EACCES' ? 'permission denied' : `cannot read (${code ?? (error as Error).message})`,
        });
      }
    }
  }
  const result = compileRuleTexts(sources, intel);
  result.unreadable = problems.map((p) => `${shown(p.path)}: ${p.reason}`);
  return result;
}
