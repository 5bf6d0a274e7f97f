import type Database from 'better-sqlite3';
import type { Store } from '../store/index.js';
import type { Severity } from '../types.js';
import { DetectionConflictError } from './conflict.js';
import { CorrelationWindows } from './methods/correlation.js';
import { NewValues } from './methods/new-value.js';
import { RateBaselines } from './methods/anomaly.js';
import type { CloudTrailRecord } from './record.js';
import { resourceIds } from './resources.js';
import type { DetectionRule } from './sigma.js';
import { fieldGetter, firstText, type FieldGetter } from './sigma/fields.js';
import { raised, SignalBook, type Elevation, type Signal } from './signals.js';

export type Elevate = (resourceIds: string[], base: Severity) => Elevation | undefined;
import type { SourceEvent } from './sources.js';

export const DEFAULT_LATENESS_MS = 2 * 3600_000;
/**
 * Processed event ids are remembered for de-duplication until the watermark is this far past the
 * run that last read them. (`detect_events.event_time` holds that run's watermark.)
 */
export const DEDUP_WINDOW_MS = 30 * 24 * 3600_000;
/**
 * Matched events are checked against the processed ids this many at a time (one short read). Small:
 * queued records outlive the young generation otherwise, and peak memory grows with the input.
 */
const DEDUP_BATCH = 32;
/** detect_state key counting committed detection runs: a run that finds it changed at commit was overtaken. */
const GENERATION = 'generation';

export { DetectionConflictError };

export interface EngineOptions {
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
}

export interface RunSummary {
  events: number;
  matched: number;
  duplicates: number;
  /** Matched events that windowed state (correlation windows, rate baselines) could no longer place; their single-event rules still ran. */
  tooLate: number;
  beforeSince: number;
  newSignals: Signal[];
  updatedSignals: number;
}

interface CompiledRule {
  rule: DetectionRule;
  group: FieldGetter[];
  /** Correlations fed by this base rule, with this rule's index among their bases. */
  feeds: { corr: CompiledRule; baseIndex: number }[];
  windows?: CorrelationWindows;
  valueField?: FieldGetter;
  newValues?: NewValues;
  newValueFields?: FieldGetter[];
  rates?: RateBaselines;
  /** Learned state is never affected twice by the same event, so it skips de-duplication. */
  idempotent: boolean;
}

/** The ruleset indexed by eventName and eventSource (lower case); the rest is checked for every event. */
class RuleIndex {
  readonly byName = new Map<string, CompiledRule[]>();
  readonly bySource = new Map<string, CompiledRule[]>();
  readonly generic: CompiledRule[] = [];

  add(c: CompiledRule): void {
    const { pinnedNames, pinnedSources } = c.rule;
    const put = (map: Map<string, CompiledRule[]>, key: string) => map.set(key, [...(map.get(key) ?? []), c]);
    if (pinnedNames) pinnedNames.forEach((n) => put(this.byName, n));
    else if (pinnedSources) pinnedSources.forEach((s) => put(this.bySource, s));
    else this.generic.push(c);
  }

  candidates(record: CloudTrailRecord): CompiledRule[] {
    const byName = this.byName.get(record.eventName.toLowerCase());
    const bySource = this.bySource.get(record.eventSource.toLowerCase());
    if (!byName && !bySource) return this.generic;
    return [...(byName ?? []), ...(bySource ?? []), ...this.generic];
  }
}

function groupOf(
  getters: FieldGetter[],
  fields: string[],
  record: unknown,
): { group: Record<string, string>; key: string } {
  const group: Record<string, string> = {};
  const parts: string[] = [];
  getters.forEach((g, i) => {
    const value = firstText(g, record);
    group[fields[i]!] = value;
    parts.push(value);
  });
  return { group, key: parts.join('|') };
}

/**
 * Runs compiled rules over events. Every signal, learned value, window and processed event id of a
 * run commits together or not at all, without holding the database's write lock while the input is
 * read (other commands keep writing meanwhile):
 * - the run starts from one consistent read of the rule state and the count of committed runs;
 * - while reading, state lives in memory; matched events are checked against the processed ids
 *   in short read transactions, and the ids new to this run wait in a TEMP table (private to this
 *   connection: writing it locks nothing in the database file);
 * - `finish` commits everything in one short IMMEDIATE transaction, after checking that no other
 *   detection run committed since the start (and that the signals it adds to are still open);
 *   otherwise it stores nothing and throws DetectionConflictError.
 */
export class DetectionEngine {
  private readonly db: Database.Database;
  private readonly index = new RuleIndex();
  private readonly compiled: CompiledRule[] = [];
  private readonly book: SignalBook;
  private readonly latenessMs: number;
  private readonly seen: Database.Statement;
  private readonly markPending: Database.Statement;
  /** For each id (undefined: no check needed), whether it is new; records the ids as read. */
  private readonly checkBatch: (ids: (string | undefined)[]) => boolean[];
  private queue: { ev: SourceEvent; rules: CompiledRule[] }[] = [];
  private watermark = 0;
  private startWatermark = 0;
  private startGeneration = 0;
  private readonly summary: Omit<RunSummary, 'newSignals' | 'updatedSignals'> = {
    events: 0,
    matched: 0,
    duplicates: 0,
    tooLate: 0,
    beforeSince: 0,
  };

  constructor(
    store: Store,
    rules: DetectionRule[],
    private readonly opts: EngineOptions = {},
  ) {
    this.db = store.db;
    this.latenessMs = opts.latenessMs ?? DEFAULT_LATENESS_MS;
    // The TEMP table spills to a temporary file past a small page cache: memory stays flat however many ids a run reads.
    this.db.exec(
      `PRAGMA temp.cache_size = -2048;
       CREATE TEMP TABLE IF NOT EXISTS detect_pending (event_id TEXT PRIMARY KEY, seen INTEGER NOT NULL) WITHOUT ROWID;
       DELETE FROM temp.detect_pending;`,
    );
    this.book = new SignalBook(this.db);
    this.seen = this.db
      .prepare(
        'SELECT 1 FROM main.detect_events WHERE event_id = ? UNION ALL SELECT 1 FROM temp.detect_pending WHERE event_id = ? LIMIT 1',
      )
      .pluck();
    // seen: 0 new to the database, 1 read before (its id is kept longer at commit).
    this.markPending = this.db.prepare(
      'INSERT OR IGNORE INTO temp.detect_pending (event_id, seen) VALUES (?, ?)',
    );
    this.checkBatch = this.db.transaction((ids: (string | undefined)[]) =>
      ids.map((id) => {
        if (id === undefined) return true;
        const known = this.seen.get(id, id) !== undefined;
        this.markPending.run(id, known ? 1 : 0);
        return !known;
      }),
    );
    this.db.transaction(() => {
      this.startGeneration = Number(this.readState(GENERATION) ?? 0);
      this.startWatermark = this.watermark = Math.min(
        Number(this.readState('watermark') ?? 0),
        this.notAfter,
      );
      this.compile(rules);
    })();
  }

  private readState(key: string): unknown {
    const row = this.db.prepare('SELECT value FROM detect_state WHERE key = ?').get(key) as
      { value: string } | undefined;
    return row ? JSON.parse(row.value) : undefined;
  }

  private writeState(key: string, value: unknown): void {
    this.db
      .prepare(
        'INSERT INTO detect_state (key, value, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
      )
      .run(key, JSON.stringify(value), this.clock());
  }

  private get notAfter(): number {
    return this.opts.notAfter ?? Infinity;
  }

  private clock(): number {
    return (this.opts.now ?? Date.now)();
  }

  private compile(rules: DetectionRule[]): void {
    const byId = new Map<string, CompiledRule>();
    for (const rule of rules) {
      const c: CompiledRule = {
        rule,
        group: rule.groupBy.map(fieldGetter),
        feeds: [],
        idempotent: rule.kind === 'new_value',
      };
      if (rule.correlation) {
        c.windows = new CorrelationWindows(rule.correlation, this.latenessMs);
        c.windows.load(this.readState(`corr:${rule.id}`), this.notAfter);
        if (rule.correlation.field) c.valueField = fieldGetter(rule.correlation.field);
      }
      if (rule.newValue) {
        c.newValues = new NewValues(rule.newValue);
        c.newValues.load(this.readState(`new_value:${rule.id}`));
        c.newValueFields = rule.newValue.fields.map(fieldGetter);
      }
      if (rule.anomaly) {
        c.rates = new RateBaselines(rule.anomaly);
        c.rates.load(this.readState(`anomaly:${rule.id}`));
      }
      byId.set(rule.id, c);
      this.compiled.push(c);
    }
    for (const c of this.compiled) {
      c.rule.correlation?.rules.forEach((baseId, baseIndex) => {
        const base = byId.get(baseId);
        if (base) base.feeds.push({ corr: c, baseIndex });
      });
    }
    for (const c of this.compiled) {
      if (c.rule.match && (c.feeds.length > 0 || c.rule.generate)) {
        if (c.feeds.length > 0) c.idempotent = false;
        this.index.add(c);
      }
    }
  }

  /** Processes one event. Throws only on database errors; the caller then aborts. */
  process(ev: SourceEvent): void {
    const { record, time } = ev;
    this.summary.events++;
    if (this.opts.since && time < this.opts.since.getTime()) {
      this.summary.beforeSince++;
      return;
    }
    const candidates = this.index.candidates(record);
    if (candidates.length === 0) return;
    let matched: CompiledRule[] | undefined;
    for (const c of candidates) {
      if (c.rule.match!(record)) (matched ??= []).push(c);
    }
    if (!matched) return;
    this.queue.push({ ev, rules: matched });
    if (this.queue.length >= DEDUP_BATCH) this.drain();
  }

  /**
   * Applies the queued matched events in order, skipping those already processed (this run or
   * before). Late events are applied too: single-event rules match them whatever the watermark;
   * only windowed state may refuse one it can no longer place (counted in `tooLate`).
   */
  private drain(): void {
    const batch = this.queue;
    if (batch.length === 0) return;
    this.queue = [];
    const needsCheck = batch.map(({ rules }) => !rules.every((c) => c.idempotent));
    // One short transaction (none when no event needs it): reads the processed ids, writes only the TEMP table.
    const fresh = needsCheck.includes(true)
      ? this.checkBatch(batch.map(({ ev }, i) => (needsCheck[i] ? ev.record.eventID : undefined)))
      : needsCheck.map(() => true);
    batch.forEach(({ ev, rules }, i) => {
      if (!fresh[i]) {
        this.summary.duplicates++;
        return;
      }
      const time = ev.time;
      if (time > this.watermark) this.watermark = Math.min(time, this.notAfter);
      this.summary.matched++;
      let resources: string[] | undefined;
      const resourcesOf = () => (resources ??= resourceIds(ev.record));
      let late = false;
      for (const c of rules) if (!this.apply(c, ev.record, time, resourcesOf)) late = true;
      if (late) this.summary.tooLate++;
    });
  }

  /** Applies one rule to a matched event; false when windowed state refused the event as too late. */
  private apply(
    c: CompiledRule,
    record: CloudTrailRecord,
    time: number,
    resourcesOf: () => string[],
  ): boolean {
    let placed = true;
    const rule = c.rule;
    const id = record.eventID;
    if (rule.kind === 'match' && rule.generate) {
      const { group, key } = groupOf(c.group, rule.groupBy, record);
      this.book.add(rule, group, key, time, id, resourcesOf());
    } else if (rule.kind === 'new_value' && rule.generate) {
      const { group, key } = groupOf(c.group, rule.groupBy, record);
      const value = c.newValueFields!.map((g) => firstText(g, record)).join('|');
      if (value.replace(/\|/g, '') !== '' && c.newValues!.observe(key, value, time)) {
        this.book.add(
          rule,
          group,
          key,
          time,
          id,
          resourcesOf(),
          `first ${rule.newValue!.fields.join('+')} ${value} for ${key || 'all'}`,
        );
      }
    } else if (rule.kind === 'anomaly' && rule.generate) {
      const { group, key } = groupOf(c.group, rule.groupBy, record);
      const verdict = c.rates!.observe(key, time);
      if (verdict === 'late') placed = false;
      else if (verdict) {
        const note = `${verdict.count}+ matches in one ${rule.anomaly!.bucketMs / 60_000}-minute bucket against a baseline of ${verdict.baseline.toFixed(2)} per bucket`;
        this.book.add(rule, group, key, time, id, resourcesOf(), verdict.crossed ? note : undefined);
      }
    }
    for (const { corr, baseIndex } of c.feeds)
      if (!this.correlate(corr, baseIndex, record, time, resourcesOf)) placed = false;
    return placed;
  }

  private correlate(
    corr: CompiledRule,
    baseIndex: number,
    record: CloudTrailRecord,
    time: number,
    resourcesOf: () => string[],
  ): boolean {
    const rule = corr.rule;
    const { group, key } = groupOf(corr.group, rule.groupBy, record);
    const value = corr.valueField ? firstText(corr.valueField, record) : '';
    const counted = corr.windows!.observe(key, time, record.eventID, value, baseIndex);
    if (counted === 'late') return false;
    for (const [t, eventId] of counted) {
      this.book.add(rule, group, key, t, eventId, eventId === record.eventID ? resourcesOf() : []);
    }
    return true;
  }

  /**
   * Commits the run in one IMMEDIATE transaction: state, processed ids, signals, then
   * `beforeCommit` (outbox rows, source checkpoints). Nothing is stored if another detection run
   * committed since this one started (DetectionConflictError). Returns what the run did.
   */
  finish(
    elevate: Elevate = () => undefined,
    resolve: (id: string) => string = (id) => id,
    beforeCommit?: (newSignals: Signal[]) => void,
  ): RunSummary {
    this.drain();
    this.db.exec('BEGIN IMMEDIATE');
    try {
      const generation = Number(this.readState(GENERATION) ?? 0);
      if (generation !== this.startGeneration)
        throw new DetectionConflictError('another detection run committed to this database');
      const watermark = Math.min(Math.max(this.watermark, this.startWatermark), this.notAfter);
      for (const c of this.compiled) {
        if (c.windows) {
          c.windows.expire(watermark);
          this.writeState(`corr:${c.rule.id}`, c.windows);
        }
        if (c.newValues) {
          c.newValues.expire(watermark);
          this.writeState(`new_value:${c.rule.id}`, c.newValues);
        }
        if (c.rates) this.writeState(`anomaly:${c.rule.id}`, c.rates);
      }
      this.writeState('watermark', watermark);
      this.writeState(GENERATION, generation + 1);
      // Every id this run read is kept until the watermark is DEDUP_WINDOW past this run: re-reading
      // the same input within that span (even events far older than the watermark) counts nothing twice.
      this.db
        .prepare(
          'INSERT OR IGNORE INTO main.detect_events (event_id, event_time) SELECT event_id, ? FROM temp.detect_pending WHERE seen = 0',
        )
        .run(watermark);
      this.db
        .prepare(
          'UPDATE main.detect_events SET event_time = ? WHERE event_time < ? AND event_id IN (SELECT event_id FROM temp.detect_pending WHERE seen = 1)',
        )
        .run(watermark, watermark);
      this.db.prepare('DELETE FROM detect_events WHERE event_time < ?').run(watermark - DEDUP_WINDOW_MS);
      const before = (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
      const newSignals = this.book.flush(this.clock(), elevate, resolve);
      const updated =
        (this.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n -
        before -
        newSignals.length;
      beforeCommit?.(newSignals);
      this.db.exec('COMMIT');
      return { ...this.summary, newSignals, updatedSignals: Math.max(0, updated) };
    } catch (error) {
      this.abort();
      throw error;
    } finally {
      this.db.exec('DELETE FROM temp.detect_pending');
    }
  }

  /** Drops the run: nothing of it is stored. */
  abort(): void {
    this.queue = [];
    if (this.db.inTransaction) this.db.exec('ROLLBACK');
    try {
      this.db.exec('DELETE FROM temp.detect_pending');
    } catch {
      // The connection is unusable (the error being reported says why); the TEMP table goes with it.
    }
  }
}

/**
 * A raise when any involved resource has open high or critical posture findings: the signal goes
 * one level up and says which resource and findings.
 */
export function postureElevation(store: Store): Elevate {
  const cache = new Map<string, { ruleId: string; severity: Severity }[]>();
  const query = store.db.prepare(
    `SELECT ru.rule_id AS ruleId, ru.severity FROM findings f JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key
     WHERE r.resource_id = ? AND r.deleted_at IS NULL AND f.status = 'fail' AND ru.severity IN ('high', 'critical') ORDER BY ru.rule_id`,
  );
  return (resourceIds, base) => {
    const hits: string[] = [];
    for (const id of resourceIds) {
      let found = cache.get(id);
      if (!found) cache.set(id, (found = query.all(id) as { ruleId: string; severity: Severity }[]));
      if (found.length)
        hits.push(
          `${id} has ${found.length} open high/critical posture finding(s): ${found.map((f) => f.ruleId).join(', ')}`,
        );
    }
    return hits.length
      ? { severity: raised(base), reason: `raised from ${base}: ${hits.join('; ')}` }
      : undefined;
  };
}

/** Maps a path-less IAM user/role ARN from CloudTrail to the inventory's ARN (which carries the path). */
export function inventoryResolver(store: Store): (id: string) => string {
  const exact = store.db.prepare('SELECT 1 FROM resources WHERE resource_id = ?');
  const byName = store.db.prepare(
    'SELECT resource_id AS id FROM resources WHERE type = ? AND account = ? AND name = ? AND deleted_at IS NULL LIMIT 1',
  );
  const cache = new Map<string, string>();
  return (id) => {
    const hit = cache.get(id);
    if (hit !== undefined) return hit;
    let resolved = id;
    const m = /^arn:aws[\w-]*:iam::(\d+):(user|role)\/([^/]+)$/.exec(id);
    if (m && !exact.get(id)) {
      const row = byName.get(`aws.iam.${m[2]}`, m[1], m[3]) as { id: string } | undefined;
      if (row) resolved = row.id;
    }
    cache.set(id, resolved);
    return resolved;
  };
}
