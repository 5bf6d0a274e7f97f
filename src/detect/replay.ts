import { openStore, type SignalDayCount, type Store } from '../store/index.js';
import { DetectionEngine, type RunSummary } from './engine.js';
import { ProblemLog } from './problems.js';
import { DEFAULT_CLOCK_SKEW_MS } from './record.js';
import type { DetectionRule } from './sigma.js';
import type { EventSource } from './sources.js';
import { evaluateInWorker, workerPlan, type DetectThread } from './worker-run.js';

export interface ReplayOptions {
  /** Events before this time are not replayed. */
  since?: Date;
  /** Events at or after this time are not replayed. */
  until?: Date;
  latenessMs?: number;
  clockSkewMs?: number;
  now?: () => number;
  onProblem?: (line: string) => void;
  /** Where the events are parsed and evaluated (see RunOptions.thread). */
  thread?: DetectThread;
}

/** What each pack raised for one rule on one UTC day (by first sighting). */
export interface ReplayRow {
  ruleId: string;
  day: string;
  candidate: { signals: number; events: number };
  current: { signals: number; events: number };
}

export interface ReplayResult {
  events: number;
  replayed: number;
  beforeSince: number;
  afterUntil: number;
  skipped: number;
  filesWithProblems: number;
  rows: ReplayRow[];
}

/**
 * Runs two packs, the candidate and the current one, over the same events, each in a scratch
 * in-memory store of its own: no signal, detection state, event id, checkpoint or outbox row of any
 * real database is read or written, and the watermark of a real run does not limit what is replayed.
 * Sources read through the scratch store, so an incremental source (a trail bucket) reads every
 * object in its window as on a first run.
 */
export async function replayPacks(
  sources: EventSource[],
  packs: { candidate: DetectionRule[]; current: DetectionRule[] },
  opts: ReplayOptions = {},
): Promise<ReplayResult> {
  const clock = opts.now ?? Date.now;
  const skewMs = opts.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
  const limit = { latest: clock() + skewMs, skewMs };
  const scratch: Store[] = [];
  try {
    const engines: DetectionEngine[] = [];
    for (const rules of [packs.candidate, packs.current]) {
      const store = await openStore(':memory:');
      scratch.push(store);
      engines.push(
        await DetectionEngine.start(store, rules, {
          since: opts.since,
          latenessMs: opts.latenessMs,
          now: opts.now,
          notAfter: limit.latest,
          suppressions: [],
        }),
      );
    }
    const rulesets = [packs.candidate, packs.current];
    const plan = workerPlan(sources, rulesets, opts.thread);
    const summaries: RunSummary[] = [];
    let read: { events: number; afterUntil: number; skipped: number; filesWithProblems: number };
    if (plan) {
      const result = await evaluateInWorker(
        engines.map((engine, i) => ({ engine, rules: rulesets[i]! })),
        plan,
        { limit, until: opts.until, onProblem: opts.onProblem },
      );
      for (const [i, engine] of engines.entries())
        summaries.push(await engine.finish({}, result.outcomes[i]));
      read = result;
    } else {
      const problems = new ProblemLog(opts.onProblem);
      let events = 0;
      let afterUntil = 0;
      const until = opts.until?.getTime() ?? Infinity;
      for (const source of sources) {
        for await (const event of source.events(scratch[0]!, problems.add, limit)) {
          events++;
          if (event.time >= until) {
            afterUntil++;
            continue;
          }
          for (const engine of engines) {
            const pending = engine.process(event);
            if (pending) await pending;
          }
        }
      }
      problems.finish();
      for (const engine of engines) summaries.push(await engine.finish());
      read = { events, afterUntil, skipped: problems.skipped, filesWithProblems: problems.files };
    }
    // Both packs skip the same events before `since` (those at or after `until` never reach them).
    const beforeSince = summaries[0]!.beforeSince;
    const { events, afterUntil } = read;
    const [candidate, current] = await Promise.all(scratch.map((s) => s.signals.dailyCounts()));
    return {
      events,
      replayed: events - afterUntil - beforeSince,
      beforeSince,
      afterUntil,
      skipped: read.skipped,
      filesWithProblems: read.filesWithProblems,
      rows: mergeCounts(candidate!, current!),
    };
  } finally {
    for (const s of scratch) await s.close();
  }
}

function mergeCounts(candidate: SignalDayCount[], current: SignalDayCount[]): ReplayRow[] {
  const rows = new Map<string, ReplayRow>();
  const row = (c: SignalDayCount) => {
    const key = `${c.day}\u0000${c.ruleId}`;
    let r = rows.get(key);
    if (!r)
      rows.set(
        key,
        (r = {
          ruleId: c.ruleId,
          day: c.day,
          candidate: { signals: 0, events: 0 },
          current: { signals: 0, events: 0 },
        }),
      );
    return r;
  };
  for (const c of candidate) row(c).candidate = { signals: c.signals, events: c.events };
  for (const c of current) row(c).current = { signals: c.signals, events: c.events };
  return [...rows.values()].sort((a, b) =>
    a.day < b.day ? -1 : a.day > b.day ? 1 : a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0,
  );
}
