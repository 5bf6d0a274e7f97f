import type { SignalEventSummary, Suppression, SuppressionHits } from '../store/index.js';
import { CorrelationWindows } from './methods/correlation.js';
import { NewValues } from './methods/new-value.js';
import { RateBaselines } from './methods/anomaly.js';
import {
  describeHop,
  madeByAwsService,
  travelIdentity,
  TravelTracker,
  type TravelVerdict,
} from './methods/impossible-travel.js';
import { sharedGeoIp, type Place } from './geo.js';
import { summariseEvent } from './event-summary.js';
import type { CloudTrailRecord } from './record.js';
import { resourceIds } from './resources.js';
import type { DetectionRule } from './sigma.js';
import { fieldText, type TextGetter } from './sigma/fields.js';
import type { SignalAddition } from './signals.js';
import type { SourceEvent } from './sources.js';
import { Suppressor } from './suppress.js';

export const DEFAULT_LATENESS_MS = 2 * 3600_000;

/**
 * Matched events are checked against the processed ids this many at a time (one short read). Small:
 * queued records outlive the young generation otherwise, and peak memory grows with the input.
 * (Waiting for 32 events that need a check, 256 queued at most, cost 10–15% more CPU at 1M events.)
 */
const DEDUP_BATCH = 32;
/**
 * While a run reads, correlation windows and travel identities that the commit would drop are
 * swept each time the watermark has moved this far (event time): a long input with many groups
 * (source addresses, role sessions) then holds only the recent ones, not every one it met.
 */
const SWEEP_EVERY_MS = 3600_000;
/**
 * Summaries of the latest events correlation windows counted, kept so a signal raised when a later
 * event completes the condition can show the earlier ones too (older ones: id and time only).
 */
const MAX_RECENT_SUMMARIES = 2000;
/** Correlation chains are acyclic (refused at load); this bounds the recursion anyway. */
const MAX_CHAIN_DEPTH = 16;

/** What rules may take from the event being applied, computed once and only when needed. */
interface EventFacts {
  resourcesOf: () => string[];
  summaryOf: () => SignalEventSummary;
}

interface CompiledRule {
  rule: DetectionRule;
  group: TextGetter[];
  /** Correlations with aliases: the group-by getters for events of each base rule (by index). */
  groupOfBase?: TextGetter[][];
  /** Correlations fed by this rule's matches, with this rule's index among their bases. */
  feeds: { corr: CompiledRule; baseIndex: number }[];
  /** Correlations fed each time this correlation's condition holds (Sigma correlation chains). */
  chained: { corr: CompiledRule; baseIndex: number }[];
  windows?: CorrelationWindows;
  valueFields?: TextGetter[];
  newValues?: NewValues;
  newValueFields?: TextGetter[];
  rates?: RateBaselines;
  travel?: TravelTracker;
  /** Learned state is never affected twice by the same event, so it skips de-duplication. */
  idempotent: boolean;
}

/** Distinct (eventName, eventSource) pairs whose candidate lists are remembered; past this the memo starts over. */
const CANDIDATE_MEMO_SIZE = 4096;

/** The ruleset indexed by eventName and eventSource (lower case); the rest is checked for every event. */
class RuleIndex {
  readonly byName = new Map<string, CompiledRule[]>();
  readonly bySource = new Map<string, CompiledRule[]>();
  readonly generic: CompiledRule[] = [];
  /** eventName → eventSource → candidates, as the record spells them: a trail repeats a few hundred pairs. */
  private readonly memo = new Map<string, Map<string, CompiledRule[]>>();
  private memoSize = 0;

  add(c: CompiledRule): void {
    const { pinnedNames, pinnedSources } = c.rule;
    const put = (map: Map<string, CompiledRule[]>, key: string) => map.set(key, [...(map.get(key) ?? []), c]);
    if (pinnedNames) pinnedNames.forEach((n) => put(this.byName, n));
    else if (pinnedSources) pinnedSources.forEach((s) => put(this.bySource, s));
    else this.generic.push(c);
    this.memo.clear();
    this.memoSize = 0;
  }

  candidates(record: CloudTrailRecord): CompiledRule[] {
    const { eventName, eventSource } = record;
    let bySource = this.memo.get(eventName);
    const known = bySource?.get(eventSource);
    if (known) return known;
    const byName = this.byName.get(eventName.toLowerCase());
    const forSource = this.bySource.get(eventSource.toLowerCase());
    const found =
      !byName && !forSource ? this.generic : [...(byName ?? []), ...(forSource ?? []), ...this.generic];
    if (this.memoSize >= CANDIDATE_MEMO_SIZE) {
      this.memo.clear();
      this.memoSize = 0;
      bySource = undefined;
    }
    if (!bySource) this.memo.set(eventName, (bySource = new Map()));
    bySource.set(eventSource, found);
    this.memoSize++;
    return found;
  }
}

/** The group key of a record: its group-by fields' first values as text, joined by `|`. */
function groupKey(getters: TextGetter[], record: unknown): string {
  if (getters.length === 1) return getters[0]!(record);
  let key = '';
  for (let i = 0; i < getters.length; i++) key += (i ? '|' : '') + getters[i]!(record);
  return key;
}

/** Several fields' first values as text, joined by `separator`. */
function joinedText(getters: TextGetter[], record: unknown, separator: string): string {
  if (getters.length === 1) return getters[0]!(record);
  let text = '';
  for (let i = 0; i < getters.length; i++) text += (i ? separator : '') + getters[i]!(record);
  return text;
}

/** Whether a `|`-joined value has anything but separators (some field had a value). */
function hasValue(joined: string): boolean {
  for (let i = 0; i < joined.length; i++) if (joined.charCodeAt(i) !== 0x7c) return true;
  return false;
}

/** The group of a record for a signal: each group-by field with its first value as text. */
function groupOf(getters: TextGetter[], fields: string[], record: unknown): Record<string, string> {
  const group: Record<string, string> = {};
  for (let i = 0; i < getters.length; i++) group[fields[i]!] = getters[i]!(record);
  return group;
}

/** The event a signal addition books: its time, id, resources and, when known, its summary. */
interface AddedEvent {
  t: number;
  eventId: string;
  resources: readonly string[];
  summary: SignalEventSummary | undefined;
}

/** A signal addition of any rule kind; `summary` and `note` are left out when there is none. */
function signalAddition(
  rule: DetectionRule,
  group: Record<string, string>,
  groupKey: string,
  event: AddedEvent,
  note?: string,
): SignalAddition {
  const { t, eventId, resources, summary } = event;
  return {
    rule,
    group,
    groupKey,
    t,
    eventId,
    resources,
    ...(summary ? { summary } : {}),
    ...(note !== undefined ? { note } : {}),
  };
}

/** What evaluation needs from the store while it reads, and where its signal additions go. */
export interface EvaluatorLink {
  /** For each id (undefined: no check needed), whether it is new to the store and to this run; records the ids. */
  check(ids: readonly (string | undefined)[]): Promise<boolean[]>;
  /** One batch's additions, in event order; settles once they are booked. */
  add(additions: SignalAddition[]): Promise<void>;
}

/** Where a run starts from (read from the store in one consistent read): plain data, so it crosses to a worker. */
export interface EvaluatorSetup {
  /** Rule state by detect_state key, as stored. */
  state: Map<string, unknown>;
  suppressions: readonly Suppression[];
  /** The watermark the run starts from (already capped at notAfter). */
  startWatermark: number;
  /** Ignore events before this time (epoch ms). */
  since?: number;
  latenessMs: number;
  notAfter: number;
}

export type EvaluationSummary = {
  events: number;
  matched: number;
  duplicates: number;
  /** Matched events that windowed state (correlation windows, rate baselines) could no longer place; their single-event rules still ran. */
  tooLate: number;
  beforeSince: number;
  /** Signal additions (an event for a rule) silenced by suppressions. */
  suppressed: number;
};

/** What a run's evaluation leaves to commit: plain data (state as JSON values). */
export interface EvaluationOutcome {
  watermark: number;
  /** Rule state to write, by key, already expired to the watermark. */
  state: [string, unknown][];
  summary: EvaluationSummary;
  suppressionHits: SuppressionHits[];
}

/** The detect_state keys a ruleset reads and writes (besides the watermark and run count). */
export function stateKeys(rules: readonly DetectionRule[]): string[] {
  const keys: string[] = [];
  for (const rule of rules) {
    if (rule.correlation) keys.push(`corr:${rule.id}`);
    if (rule.newValue) keys.push(`new_value:${rule.id}`);
    if (rule.anomaly) keys.push(`anomaly:${rule.id}`);
    if (rule.travel) keys.push(`travel:${rule.id}`);
  }
  return keys;
}

/**
 * Runs compiled rules over events, in memory: matching, de-duplication (through the link, a batch
 * at a time), correlation windows, learned values, rate baselines, travel. It touches no store
 * itself, so it runs in the thread that reads the events (the detection worker, or in-thread);
 * signals are built from its additions by the DetectionEngine, which commits.
 */
export class RuleEvaluator {
  private readonly index = new RuleIndex();
  private readonly compiled: CompiledRule[] = [];
  /** Summaries of events correlation windows counted in this run, the latest MAX_RECENT_SUMMARIES. */
  private readonly recentSummaries = new Map<string, SignalEventSummary>();
  private readonly latenessMs: number;
  private readonly notAfter: number;
  private readonly startWatermark: number;
  private readonly since?: number;
  /** Matched events waiting for the de-duplication check; `check` is false when every rule matched is idempotent. */
  private queue: { ev: SourceEvent; rules: CompiledRule[]; check: boolean }[] = [];
  /** Queued events that need a de-duplication check. */
  private queuedChecks = 0;
  private watermark: number;
  /** The watermark at the last sweep of windowed state. */
  private sweptAt: number;
  private readonly suppressor: Suppressor;
  private readonly summary: EvaluationSummary = {
    events: 0,
    matched: 0,
    duplicates: 0,
    tooLate: 0,
    beforeSince: 0,
    suppressed: 0,
  };

  constructor(
    rules: readonly DetectionRule[],
    setup: EvaluatorSetup,
    private readonly link: EvaluatorLink,
    private readonly geo?: { locate(ip: string): Place | undefined },
  ) {
    this.latenessMs = setup.latenessMs;
    this.notAfter = setup.notAfter;
    this.since = setup.since;
    this.startWatermark = this.watermark = this.sweptAt = setup.startWatermark;
    this.suppressor = new Suppressor(setup.suppressions);
    this.compile(rules, setup.state);
  }

  private compile(rules: readonly DetectionRule[], state: ReadonlyMap<string, unknown>): void {
    const byId = new Map<string, CompiledRule>();
    for (const rule of rules) {
      const c: CompiledRule = {
        rule,
        group: rule.groupBy.map(fieldText),
        feeds: [],
        chained: [],
        idempotent: rule.kind === 'new_value' || rule.kind === 'impossible_travel',
      };
      if (rule.correlation) {
        c.windows = new CorrelationWindows(rule.correlation, this.latenessMs);
        c.windows.load(state.get(`corr:${rule.id}`), this.notAfter);
        if (rule.correlation.fields) c.valueFields = rule.correlation.fields.map(fieldText);
        const aliases = rule.correlation.aliases;
        if (aliases)
          c.groupOfBase = rule.correlation.rules.map((baseId) =>
            rule.groupBy.map((f) => fieldText(aliases[f]?.[baseId] ?? f)),
          );
      }
      if (rule.newValue) {
        c.newValues = new NewValues(rule.newValue);
        c.newValues.load(state.get(`new_value:${rule.id}`));
        c.newValueFields = rule.newValue.fields.map(fieldText);
      }
      if (rule.anomaly) {
        c.rates = new RateBaselines(rule.anomaly);
        c.rates.load(state.get(`anomaly:${rule.id}`));
      }
      if (rule.travel) {
        c.travel = new TravelTracker(rule.travel);
        c.travel.load(state.get(`travel:${rule.id}`), this.notAfter);
      }
      byId.set(rule.id, c);
      this.compiled.push(c);
    }
    for (const c of this.compiled) {
      c.rule.correlation?.rules.forEach((baseId, baseIndex) => {
        const base = byId.get(baseId);
        if (!base) return;
        // An event rule feeds with its matches (and so does `search | count() > N` feed itself); a
        // correlation feeds the next one of a chain each time its condition holds.
        if (base === c || !base.rule.correlation) base.feeds.push({ corr: c, baseIndex });
        else base.chained.push({ corr: c, baseIndex });
      });
    }
    for (const c of this.compiled) {
      if (c.rule.match && (c.feeds.length > 0 || c.rule.generate)) {
        if (c.feeds.length > 0) c.idempotent = false;
        this.index.add(c);
      }
    }
  }

  /**
   * Processes one event, in memory. Returns a promise when a batch of matched events is due for
   * the store (de-duplication, open signals): await it before the next event. Rejects only on
   * store errors; the caller then aborts.
   */
  process(ev: SourceEvent): Promise<void> | undefined {
    const { record, time } = ev;
    this.summary.events++;
    if (this.since !== undefined && time < this.since) {
      this.summary.beforeSince++;
      return undefined;
    }
    const candidates = this.index.candidates(record);
    if (candidates.length === 0) return undefined;
    let matched: CompiledRule[] | undefined;
    for (const c of candidates) {
      if (c.rule.match!(record)) (matched ??= []).push(c);
    }
    if (!matched) return undefined;
    const check = !matched.every((c) => c.idempotent);
    this.queue.push({ ev, rules: matched, check });
    if (check) this.queuedChecks++;
    return this.queue.length >= DEDUP_BATCH ? this.drain() : undefined;
  }

  /**
   * Applies the queued matched events in order, skipping those already processed (this run or
   * before). Late events are applied too: single-event rules match them whatever the watermark;
   * only windowed state may refuse one it can no longer place (counted in `tooLate`).
   */
  async drain(): Promise<void> {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const checks = this.queuedChecks;
    this.queuedChecks = 0;
    // One short read of the processed ids (none when no event needs it); the log records the new ones.
    const fresh =
      checks > 0
        ? await this.link.check(batch.map(({ ev, check }) => (check ? ev.record.eventID : undefined)))
        : undefined;
    const additions: SignalAddition[] = [];
    batch.forEach(({ ev, rules }, i) => {
      if (fresh && !fresh[i]) {
        this.summary.duplicates++;
        return;
      }
      const time = ev.time;
      if (time > this.watermark) this.watermark = Math.min(time, this.notAfter);
      this.summary.matched++;
      let resources: string[] | undefined;
      const resourcesOf = () => (resources ??= resourceIds(ev.record));
      let summary: SignalEventSummary | undefined;
      const summaryOf = () => (summary ??= summariseEvent(ev.record, time));
      let late = false;
      const from = additions.length;
      for (const c of rules)
        if (!this.apply(c, ev.record, time, { resourcesOf, summaryOf }, additions)) late = true;
      if (late) this.summary.tooLate++;
      if (!this.suppressor.empty && additions.length > from) {
        const kept = additions.splice(from).filter((a) => !this.suppressor.check(a.rule.id, ev.record, time));
        additions.push(...kept);
      }
    });
    this.sweep();
    if (additions.length === 0) return;
    await this.link.add(additions);
  }

  /**
   * Drops what the commit would drop anyway (groups and identities with nothing recent enough to
   * be compared with a new event), leaving the allowed lateness as margin: an event later than
   * that may find its group gone, as it would after a commit.
   */
  private sweep(): void {
    if (this.watermark - this.sweptAt < SWEEP_EVERY_MS) return;
    this.sweptAt = this.watermark;
    const cutoff = this.watermark - this.latenessMs;
    for (const c of this.compiled) {
      c.windows?.expire(cutoff);
      c.travel?.expire(cutoff);
    }
  }

  /** Applies one rule to a matched event; false when windowed state refused the event as too late. */
  private apply(
    c: CompiledRule,
    record: CloudTrailRecord,
    time: number,
    facts: EventFacts,
    out: SignalAddition[],
  ): boolean {
    let placed = true;
    const rule = c.rule;
    // The matched event as an addition books it (resources and summary computed only then).
    const matchedEvent = (): AddedEvent => ({
      t: time,
      eventId: record.eventID,
      resources: facts.resourcesOf(),
      summary: facts.summaryOf(),
    });
    if (rule.kind === 'match' && rule.generate) {
      const key = groupKey(c.group, record);
      const group = groupOf(c.group, rule.groupBy, record);
      out.push(signalAddition(rule, group, key, matchedEvent()));
    } else if (rule.kind === 'new_value' && rule.generate) {
      const key = groupKey(c.group, record);
      const value = joinedText(c.newValueFields!, record, '|');
      if (hasValue(value) && c.newValues!.observe(key, value, time)) {
        const group = groupOf(c.group, rule.groupBy, record);
        const note = `first ${rule.newValue!.fields.join('+')} ${value} for ${key || 'all'}`;
        out.push(signalAddition(rule, group, key, matchedEvent(), note));
      }
    } else if (rule.kind === 'anomaly' && rule.generate) {
      const key = groupKey(c.group, record);
      const verdict = c.rates!.observe(key, time);
      if (verdict === 'late') placed = false;
      else if (verdict) {
        const group = groupOf(c.group, rule.groupBy, record);
        const note = verdict.crossed
          ? `${verdict.count}+ matches in one ${rule.anomaly!.bucketMs / 60_000}-minute bucket against a baseline of ${verdict.baseline.toFixed(2)} per bucket`
          : undefined;
        out.push(signalAddition(rule, group, key, matchedEvent(), note));
      }
    } else if (rule.kind === 'impossible_travel' && rule.generate) {
      const hop = this.travel(c, record, time);
      if (hop === 'late') placed = false;
      else if (hop) {
        const group = { identity: hop.identity };
        out.push(signalAddition(rule, group, hop.identity, matchedEvent(), describeHop(hop.verdict)));
      }
    }
    for (const { corr, baseIndex } of c.feeds)
      if (!this.correlate(corr, baseIndex, record, time, facts, out)) placed = false;
    return placed;
  }

  /** Locates an event of an identity for an impossible_travel rule; the identity and verdict when it is an impossible hop. */
  private travel(
    c: CompiledRule,
    record: CloudTrailRecord,
    time: number,
  ): { identity: string; verdict: TravelVerdict } | 'late' | undefined {
    // Cheapest checks first: most events are located, and the identity is built for each.
    const ip = record.sourceIPAddress;
    if (typeof ip !== 'string' || madeByAwsService(record)) return undefined;
    const identity = travelIdentity(record);
    if (!identity || c.rule.travel!.allowed(ip)) return undefined;
    const place = (this.geo ?? sharedGeoIp()).locate(ip);
    if (!place) return undefined;
    const verdict = c.travel!.observe(
      identity,
      time,
      ip,
      place,
      this.startWatermark - c.rule.travel!.horizonMs,
    );
    return verdict === 'late' ? 'late' : verdict ? { identity, verdict } : undefined;
  }

  private correlate(
    corr: CompiledRule,
    baseIndex: number,
    record: CloudTrailRecord,
    time: number,
    facts: EventFacts,
    out: SignalAddition[],
    depth = 0,
  ): boolean {
    const rule = corr.rule;
    const getters = corr.groupOfBase?.[baseIndex] ?? corr.group;
    const key = groupKey(getters, record);
    const value = corr.valueFields ? joinedText(corr.valueFields, record, '\u0000') : '';
    const counted = corr.windows!.observe(key, time, record.eventID, value, baseIndex);
    if (counted === 'late') return false;
    if (rule.generate) this.rememberSummary(facts.summaryOf());
    if (rule.generate && counted.length) {
      const group = groupOf(getters, rule.groupBy, record);
      for (const [t, eventId] of counted) {
        const current = eventId === record.eventID;
        const summary = current ? facts.summaryOf() : this.recentSummaries.get(eventId);
        const resources = current ? facts.resourcesOf() : [];
        out.push(signalAddition(rule, group, key, { t, eventId, resources, summary }));
      }
    }
    // The condition held at this event: it is a match of this correlation for the next in a chain.
    let placed = true;
    if (counted.length && depth < MAX_CHAIN_DEPTH)
      for (const next of corr.chained)
        if (!this.correlate(next.corr, next.baseIndex, record, time, facts, out, depth + 1)) placed = false;
    return placed;
  }

  private rememberSummary(summary: SignalEventSummary): void {
    if (this.recentSummaries.has(summary.id)) return;
    this.recentSummaries.set(summary.id, summary);
    if (this.recentSummaries.size > MAX_RECENT_SUMMARIES)
      this.recentSummaries.delete(this.recentSummaries.keys().next().value!);
  }

  /**
   * Applies what is still queued, then the state the commit writes: windows, learned values and
   * travel identities expired to the run's watermark, as JSON values.
   */
  async outcome(): Promise<EvaluationOutcome> {
    await this.drain();
    const watermark = Math.min(Math.max(this.watermark, this.startWatermark), this.notAfter);
    const state: [string, unknown][] = [];
    const plain = (value: unknown) => JSON.parse(JSON.stringify(value)) as unknown;
    for (const c of this.compiled) {
      if (c.windows) {
        c.windows.expire(watermark);
        state.push([`corr:${c.rule.id}`, plain(c.windows)]);
      }
      if (c.newValues) {
        c.newValues.expire(watermark);
        state.push([`new_value:${c.rule.id}`, plain(c.newValues)]);
      }
      if (c.rates) state.push([`anomaly:${c.rule.id}`, plain(c.rates)]);
      if (c.travel) {
        c.travel.expire(watermark);
        state.push([`travel:${c.rule.id}`, plain(c.travel)]);
      }
    }
    return {
      watermark,
      state,
      summary: { ...this.summary, suppressed: this.suppressor.total() },
      suppressionHits: this.suppressor.counts(),
    };
  }

  /** Drops the queued events (the run failed). */
  clear(): void {
    this.queue = [];
    this.queuedChecks = 0;
  }
}
