import type { EventLog, Store, StoreTx, Suppression } from '../store/index.js';
import { DetectionConflictError } from './conflict.js';
import {
  DEFAULT_LATENESS_MS,
  RuleEvaluator,
  stateKeys,
  type EvaluationOutcome,
  type EvaluationSummary,
  type EvaluatorLink,
  type EvaluatorSetup,
} from './evaluator.js';
import type { Place } from './geo.js';
import type { DetectionRule } from './sigma.js';
import { raised, SignalBook, type Elevate, type Signal, type SignalAddition } from './signals.js';
import type { SourceEvent } from './sources.js';

export type { Elevate };
export { DEFAULT_LATENESS_MS };

/**
 * Processed event ids are remembered for de-duplication until the watermark is this far past the
 * run that last read them. (`detect_events.event_time` holds that run's watermark.)
 */
export const DEDUP_WINDOW_MS = 30 * 24 * 3600_000;
/** detect_state key counting committed detection runs: a run that finds it changed at commit was overtaken. */
const GENERATION = 'generation';

export { DetectionConflictError };

export interface EngineOptions {
  /** IP-to-location lookups for impossible_travel rules (default: the bundled database, read on first use; a detection worker always uses that). */
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

/** A committed run: what its evaluation counted, and the signals it raised, reopened and updated. */
export interface RunSummary extends EvaluationSummary {
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

/** One event joining a signal, as it crosses from the evaluating thread: the rule by id. */
export type WireAddition = Omit<SignalAddition, 'rule'> & { ruleId: string };

/**
 * Runs rules over events and commits what they raised. Every signal, learned value, window and
 * processed event id of a run commits together or not at all, without holding the database's
 * write lock while the input is read (other commands keep writing meanwhile):
 * - the run starts from one consistent read of the rule state and the count of committed runs;
 * - while reading, a RuleEvaluator holds the state in memory and processes each event
 *   synchronously, here (`process`) or in the detection worker (see detect/worker-run.ts), which
 *   reaches the store only through `check` and `book`: matched events are checked against the
 *   processed ids a batch at a time (the store's event log keeps the ids new to this run apart
 *   until the commit), and the open signals a batch joins are read once;
 * - `finish` commits everything in one short write transaction, after checking that no other
 *   detection run committed since the start (and that the signals it adds to are still open);
 *   otherwise it stores nothing and throws DetectionConflictError.
 */
export class DetectionEngine {
  private readonly byId = new Map<string, DetectionRule>();
  private readonly book = new SignalBook();
  private local?: RuleEvaluator;

  private constructor(
    private readonly store: Store,
    private readonly log: EventLog,
    private readonly opts: EngineOptions,
    private readonly rules: DetectionRule[],
    /** Where evaluation starts from (plain data: it is what a detection worker is given). */
    readonly setup: EvaluatorSetup,
    private readonly startGeneration: number,
  ) {
    for (const rule of rules) this.byId.set(rule.id, rule);
  }

  /** Reads the rule state and the count of committed runs (one consistent read) and starts the run's event log. */
  static async start(
    store: Store,
    rules: DetectionRule[],
    opts: EngineOptions = {},
  ): Promise<DetectionEngine> {
    const state = await store.detection.readState([GENERATION, 'watermark', ...stateKeys(rules)]);
    const suppressions =
      opts.suppressions ?? (await store.suppressions.list({ at: new Date((opts.now ?? Date.now)()) }));
    const log = await store.detection.startEventLog();
    const notAfter = opts.notAfter ?? Infinity;
    const setup: EvaluatorSetup = {
      state,
      suppressions,
      startWatermark: Math.min(Number(state.get('watermark') ?? 0), notAfter),
      since: opts.since?.getTime(),
      latenessMs: opts.latenessMs ?? DEFAULT_LATENESS_MS,
      notAfter,
    };
    return new DetectionEngine(store, log, opts, rules, setup, Number(state.get(GENERATION) ?? 0));
  }

  private clock(): number {
    return (this.opts.now ?? Date.now)();
  }

  /** What an evaluator in this thread or another reaches the store through. */
  readonly link: EvaluatorLink = {
    check: (ids) => this.log.check(ids),
    add: (additions) => this.addAll(additions),
  };

  private async addAll(additions: SignalAddition[]): Promise<void> {
    if (additions.length === 0) return;
    // The open signals these events may join, read once per (rule, group) and run.
    const missing = this.book.missing(additions);
    if (missing.length) this.book.loaded(missing, await this.store.signals.latest(missing), this.byId);
    for (const a of additions) this.book.add(a);
  }

  /** Books additions made by an evaluator in another thread (rules named by id). */
  bookRemote(additions: WireAddition[]): Promise<void> {
    return this.addAll(
      additions.map(({ ruleId, ...rest }) => {
        const rule = this.byId.get(ruleId);
        if (!rule) throw new Error(`detection worker named an unknown rule ${ruleId}`);
        return { ...rest, rule };
      }),
    );
  }

  /**
   * Processes one event in this thread, in memory. Returns a promise when a batch of matched
   * events is due for the store (de-duplication, open signals): await it before the next event.
   * Rejects only on store errors; the caller then aborts.
   */
  process(ev: SourceEvent): Promise<void> | undefined {
    this.local ??= new RuleEvaluator(this.rules, this.setup, this.link, this.opts.geo);
    return this.local.process(ev);
  }

  /**
   * Commits the run in one write transaction: state, processed ids, signals, then
   * `beforeCommit` (outbox rows, source checkpoints). Nothing is stored if another detection run
   * committed since this one started (DetectionConflictError). Returns what the run did.
   */
  async finish(opts: FinishOptions = {}, evaluated?: EvaluationOutcome): Promise<RunSummary> {
    try {
      const outcome = evaluated ?? (await this.localOutcome());
      return await this.store.transaction(async (tx) => {
        const generation = Number((await tx.detection.readState([GENERATION])).get(GENERATION) ?? 0);
        if (generation !== this.startGeneration)
          throw new DetectionConflictError('another detection run committed to this database');
        const watermark = outcome.watermark;
        const state: [string, unknown][] = [...outcome.state];
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
        const hits = outcome.suppressionHits;
        if (hits.length) await tx.suppressions.recordHits(hits);
        await opts.beforeCommit?.(tx, [...newSignals, ...reopenedSignals]);
        return { ...outcome.summary, newSignals, reopenedSignals, updatedSignals: writes.updates.length };
      });
    } finally {
      await this.abort();
    }
  }

  /** Applies the events processed in this thread that wait for their batch (de-duplication, open signals). */
  async drain(): Promise<void> {
    await this.local?.drain();
  }

  /** What the in-thread evaluator leaves to commit (an empty run when no event was processed here). */
  private localOutcome(): Promise<EvaluationOutcome> {
    this.local ??= new RuleEvaluator(this.rules, this.setup, this.link, this.opts.geo);
    return this.local.outcome();
  }

  /** Drops what the run read but did not commit (after a failure, or after committing). */
  async abort(): Promise<void> {
    this.local?.clear();
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
