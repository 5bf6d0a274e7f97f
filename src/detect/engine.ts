import type { EventLog, SignalEventSummary, Store, StoreTx, Suppression } from '../store/index.js';
import { DetectionConflictError } from './conflict.js';
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
import { raised, SignalBook, type Elevate, type Signal, type SignalAddition } from './signals.js';
import type { SourceEvent } from './sources.js';
import { Suppressor } from './suppress.js';

export type { Elevate };

export const DEFAULT_LATENESS_MS = 2 * 3600_000;
/**
 * Processed event ids are remembered for de-duplication until the watermark is this far past the
 * run that last read them. (`detect_events.event_time` holds that run's watermark.)
 */
export const DEDUP_WINDOW_MS = 30 * 24 * 3600_000;
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
/** detect_state key counting committed detection runs: a run that finds it changed at commit was overtaken. */
const GENERATION = 'generation';

export { DetectionConflictError };

/** What rules may take from the event being applied, computed once and only when needed. */
interface EventFacts {
  resourcesOf: () => string[];
  summaryOf: () => SignalEventSummary;
}

export interface EngineOptions {
  /** IP-to-location lookups for impossible_travel rules (default: the bundled database, read on first use). */
  geo?: { locate(ip: string): Place | undefined };
  /** Ignore events before this time. */
  since?: Date;
  latenessMs?: number;
  /** Wall clock for created_at only; signals depend on event time alone. */
  now?: () => number;
  /**
   * The latest event time the run accepts (its clock plus the skew allowance; sources report later
   * events as bad input). The watermark never passes it, not even one stored by an earlier version.
   */
  notAfter?: number;
  /** Suppressions to apply (default: those in force in the store at the run's clock). */
  suppressions?: readonly Suppression[];
}

export interface RunSummary {
  events: number;
  matched: number;
  duplicates: number;
  /** Matched events that windowed state (correlation windows, rate baselines) could no longer place; their single-event rules still ran. */
  tooLate: number;
  beforeSince: number;
  /** Signal additions (an event for a rule) silenced by suppressions. */
  suppressed: number;
  newSignals: Signal[];
  /** Closed signals that events dated after their closure reopened. */
  reopenedSignals: Signal[];
  updatedSignals: number;
}

/** How a run commits: each step runs in the run's transaction, before COMMIT. */
export interface FinishOptions {
  /** Maps the resource ids events name to the inventory's (default: as they are). */
  resolver?: (tx: StoreTx, resourceIds: string[]) => Promise<(id: string) => string>;
  /** Decides raises of signal severities from the resources' posture (default: none). */
  elevation?: (tx: StoreTx, resourceIds: string[]) => Promise<Elevate>;
  /** Writes what commits with the run: outbox rows, source checkpoints. */
  beforeCommit?: (tx: StoreTx, newSignals: Signal[]) => Promise<void>;
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

/**
 * Runs compiled rules over events. Every signal, learned value, window and processed event id of a
 * run commits together or not at all, without holding the database's write lock while the input is
 * read (other commands keep writing meanwhile):
 * - the run starts from one consistent read of the rule state and the count of committed runs;
 * - while reading, state lives in memory and each event is processed synchronously; matched events
 *   are checked against the processed ids a batch at a time (the store's event log keeps the ids
 *   new to this run apart until the commit), and the open signals a batch joins are read once;
 * - `finish` commits everything in one short write transaction, after checking that no other
 *   detection run committed since the start (and that the signals it adds to are still open);
 *   otherwise it stores nothing and throws DetectionConflictError.
 */
export class DetectionEngine {
  private readonly index = new RuleIndex();
  private readonly compiled: CompiledRule[] = [];
  private readonly byId = new Map<string, DetectionRule>();
  private readonly book = new SignalBook();
  /** Summaries of events correlation windows counted in this run, the latest MAX_RECENT_SUMMARIES. */
  private readonly recentSummaries = new Map<string, SignalEventSummary>();
  private readonly latenessMs: number;
  /** Matched events waiting for the de-duplication check; `check` is false when every rule matched is idempotent. */
  private queue: { ev: SourceEvent; rules: CompiledRule[]; check: boolean }[] = [];
  /** Queued events that need a de-duplication check. */
  private queuedChecks = 0;
  private watermark = 0;
  private startWatermark = 0;
  /** The watermark at the last sweep of windowed state. */
  private sweptAt = 0;
  private startGeneration = 0;
  private suppressor = new Suppressor([]);
  private readonly summary: Omit<RunSummary, 'newSignals' | 'reopenedSignals' | 'updatedSignals'> = {
    events: 0,
    matched: 0,
    duplicates: 0,
    tooLate: 0,
    beforeSince: 0,
    suppressed: 0,
  };

  private constructor(
    private readonly store: Store,
    private readonly log: EventLog,
    private readonly opts: EngineOptions,
  ) {
    this.latenessMs = opts.latenessMs ?? DEFAULT_LATENESS_MS;
  }

  /** Reads the rule state and the count of committed runs (one consistent read) and starts the run's event log. */
  static async start(
    store: Store,
    rules: DetectionRule[],
    opts: EngineOptions = {},
  ): Promise<DetectionEngine> {
    const keys = [GENERATION, 'watermark'];
    for (const rule of rules) {
      if (rule.correlation) keys.push(`corr:${rule.id}`);
      if (rule.newValue) keys.push(`new_value:${rule.id}`);
      if (rule.anomaly) keys.push(`anomaly:${rule.id}`);
      if (rule.travel) keys.push(`travel:${rule.id}`);
    }
    const state = await store.detection.readState(keys);
    const suppressions =
      opts.suppressions ?? (await store.suppressions.list({ at: new Date((opts.now ?? Date.now)()) }));
    const log = await store.detection.startEventLog();
    const engine = new DetectionEngine(store, log, opts);
    engine.suppressor = new Suppressor(suppressions);
    engine.startGeneration = Number(state.get(GENERATION) ?? 0);
    engine.startWatermark = engine.watermark = Math.min(Number(state.get('watermark') ?? 0), engine.notAfter);
    engine.sweptAt = engine.watermark;
    engine.compile(rules, state);
    return engine;
  }

  private get notAfter(): number {
    return this.opts.notAfter ?? Infinity;
  }

  private clock(): number {
    return (this.opts.now ?? Date.now)();
  }

  private compile(rules: DetectionRule[], state: ReadonlyMap<string, unknown>): void {
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
      this.byId.set(rule.id, rule);
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
    if (this.opts.since && time < this.opts.since.getTime()) {
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
  private async drain(): Promise<void> {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const checks = this.queuedChecks;
    this.queuedChecks = 0;
    // One short read of the processed ids (none when no event needs it); the log records the new ones.
    const fresh =
      checks > 0
        ? await this.log.check(batch.map(({ ev, check }) => (check ? ev.record.eventID : undefined)))
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
    // The open signals these events may join, read once per (rule, group) and run.
    const missing = this.book.missing(additions);
    if (missing.length) this.book.loaded(missing, await this.store.signals.latest(missing), this.byId);
    for (const a of additions) this.book.add(a);
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
    const { resourcesOf, summaryOf } = facts;
    const rule = c.rule;
    const id = record.eventID;
    if (rule.kind === 'match' && rule.generate) {
      const key = groupKey(c.group, record);
      const group = groupOf(c.group, rule.groupBy, record);
      out.push({
        rule,
        group,
        groupKey: key,
        t: time,
        eventId: id,
        resources: resourcesOf(),
        summary: summaryOf(),
      });
    } else if (rule.kind === 'new_value' && rule.generate) {
      const key = groupKey(c.group, record);
      const value = joinedText(c.newValueFields!, record, '|');
      if (hasValue(value) && c.newValues!.observe(key, value, time)) {
        out.push({
          rule,
          group: groupOf(c.group, rule.groupBy, record),
          groupKey: key,
          t: time,
          eventId: id,
          resources: resourcesOf(),
          summary: summaryOf(),
          note: `first ${rule.newValue!.fields.join('+')} ${value} for ${key || 'all'}`,
        });
      }
    } else if (rule.kind === 'anomaly' && rule.generate) {
      const key = groupKey(c.group, record);
      const verdict = c.rates!.observe(key, time);
      if (verdict === 'late') placed = false;
      else if (verdict) {
        const note = `${verdict.count}+ matches in one ${rule.anomaly!.bucketMs / 60_000}-minute bucket against a baseline of ${verdict.baseline.toFixed(2)} per bucket`;
        out.push({
          rule,
          group: groupOf(c.group, rule.groupBy, record),
          groupKey: key,
          t: time,
          eventId: id,
          resources: resourcesOf(),
          summary: summaryOf(),
          ...(verdict.crossed ? { note } : {}),
        });
      }
    } else if (rule.kind === 'impossible_travel' && rule.generate) {
      const hop = this.travel(c, record, time);
      if (hop === 'late') placed = false;
      else if (hop) {
        out.push({
          rule,
          group: { identity: hop.identity },
          groupKey: hop.identity,
          t: time,
          eventId: id,
          resources: resourcesOf(),
          summary: summaryOf(),
          note: describeHop(hop.verdict),
        });
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
    const place = (this.opts.geo ?? sharedGeoIp()).locate(ip);
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
        out.push({
          rule,
          group,
          groupKey: key,
          t,
          eventId,
          resources: current ? facts.resourcesOf() : [],
          ...(summary ? { summary } : {}),
        });
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
   * Commits the run in one write transaction: state, processed ids, signals, then
   * `beforeCommit` (outbox rows, source checkpoints). Nothing is stored if another detection run
   * committed since this one started (DetectionConflictError). Returns what the run did.
   */
  async finish(opts: FinishOptions = {}): Promise<RunSummary> {
    try {
      await this.drain();
      return await this.store.transaction(async (tx) => {
        const generation = Number((await tx.detection.readState([GENERATION])).get(GENERATION) ?? 0);
        if (generation !== this.startGeneration)
          throw new DetectionConflictError('another detection run committed to this database');
        const watermark = Math.min(Math.max(this.watermark, this.startWatermark), this.notAfter);
        const state: [string, unknown][] = [];
        for (const c of this.compiled) {
          if (c.windows) {
            c.windows.expire(watermark);
            state.push([`corr:${c.rule.id}`, c.windows]);
          }
          if (c.newValues) {
            c.newValues.expire(watermark);
            state.push([`new_value:${c.rule.id}`, c.newValues]);
          }
          if (c.rates) state.push([`anomaly:${c.rule.id}`, c.rates]);
          if (c.travel) {
            c.travel.expire(watermark);
            state.push([`travel:${c.rule.id}`, c.travel]);
          }
        }
        state.push(['watermark', watermark], [GENERATION, generation + 1]);
        const now = this.clock();
        await tx.detection.writeState(state, now);
        // Every id this run read is kept until the watermark is DEDUP_WINDOW past this run: re-reading
        // the same input within that span (even events far older than the watermark) counts nothing twice.
        await tx.detection.commitEventLog(this.log, { watermark, forgetBefore: watermark - DEDUP_WINDOW_MS });
        const raw = this.book.changedResources();
        const resolve = opts.resolver ? await opts.resolver(tx, raw) : (id: string) => id;
        const elevate: Elevate = opts.elevation
          ? await opts.elevation(tx, [...new Set(raw.map(resolve))])
          : () => undefined;
        const writes = this.book.writes(now, elevate, resolve);
        const newSignals = await tx.signals.insert(writes.inserts);
        const changed = await tx.signals.update(writes.updates);
        // A signal read while the input was, closed or removed since, cannot absorb these events.
        if (changed.length)
          throw new DetectionConflictError(
            `signal ${changed[0]} (${writes.ruleOf.get(changed[0]!)}) changed state or was removed`,
          );
        const reopenedSignals: Signal[] = [];
        for (const u of writes.updates) {
          if (!u.reopen) continue;
          const signal = await tx.signals.get(u.id);
          if (signal) reopenedSignals.push(signal);
        }
        const hits = this.suppressor.counts();
        if (hits.length) await tx.suppressions.recordHits(hits);
        this.summary.suppressed = this.suppressor.total();
        await opts.beforeCommit?.(tx, [...newSignals, ...reopenedSignals]);
        return { ...this.summary, newSignals, reopenedSignals, updatedSignals: writes.updates.length };
      });
    } finally {
      await this.abort();
    }
  }

  /** Drops what the run read but did not commit (after a failure, or after committing). */
  async abort(): Promise<void> {
    this.queue = [];
    this.queuedChecks = 0;
    try {
      await this.log.close();
    } catch {
      // The connection is unusable (the error being reported says why); the event log goes with it.
    }
  }
}

/**
 * A raise when any involved resource has open high or critical posture findings: the signal goes
 * one level up and says which resource and findings.
 */
export async function postureElevation(tx: StoreTx, resourceIds: string[]): Promise<Elevate> {
  const severe = await tx.findings.severeFailures(resourceIds);
  return (ids, base) => {
    const hits: string[] = [];
    for (const id of ids) {
      const found = severe.get(id);
      if (found?.length)
        hits.push(
          `${id} has ${found.length} open high/critical posture finding(s): ${found.map((f) => f.ruleId).join(', ')}`,
        );
    }
    return hits.length
      ? { severity: raised(base), reason: `raised from ${base}: ${hits.join('; ')}` }
      : undefined;
  };
}

const IAM_PRINCIPAL = /^arn:aws[\w-]*:iam::(\d+):(user|role)\/([^/]+)$/;

/** Maps path-less IAM user/role ARNs from CloudTrail to the inventory's ARNs (which carry the path). */
export async function inventoryResolver(tx: StoreTx, resourceIds: string[]): Promise<(id: string) => string> {
  const principals = resourceIds
    .map((id) => ({ id, m: IAM_PRINCIPAL.exec(id) }))
    .filter((p): p is { id: string; m: RegExpExecArray } => p.m !== null);
  const resolved = new Map<string, string>();
  if (principals.length) {
    const stored = await tx.resources.existing(principals.map((p) => p.id));
    const unknown = principals.filter((p) => !stored.has(p.id));
    const found = await tx.resources.liveIdsByName(
      unknown.map(({ m }) => ({ type: `aws.iam.${m[2]}`, account: m[1]!, name: m[3]! })),
    );
    unknown.forEach((p, i) => {
      if (found[i] !== undefined) resolved.set(p.id, found[i]!);
    });
  }
  return (id) => resolved.get(id) ?? id;
}
