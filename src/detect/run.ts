import type { ChannelConfig } from '../notify/config.js';
import type { Store } from '../store/index.js';
import { DetectionEngine, inventoryResolver, postureElevation, type RunSummary } from './engine.js';
import type { EvaluationOutcome } from './evaluator.js';
import { enqueueSignals } from './notify.js';
import { ProblemLog } from './problems.js';
import type { DetectionRule } from './sigma.js';
import { DEFAULT_CLOCK_SKEW_MS } from './record.js';
import type { EventSource } from './sources.js';
import { evaluateInWorker, workerPlan, type DetectThread } from './worker-run.js';

export interface RunOptions {
  since?: Date;
  latenessMs?: number;
  channels?: ChannelConfig[];
  /** The run's clock (default Date.now): signals' created_at, and the latest event time accepted. */
  now?: () => number;
  /** How far ahead of the clock an event may be dated (default 15 minutes); later events are bad input. */
  clockSkewMs?: number;
  /** Each bad-input problem as one line (`file:line: record n: reason` or `file: reason`), as it is met. */
  onProblem?: (line: string) => void;
  /** Checked as events are read: once aborted, the run stores nothing and rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Events read so far, every 1000 events and at the end. */
  onProgress?: (event: { phase: string; done: number; ended?: boolean }) => void;
  /**
   * Where the events are parsed and evaluated: `auto` (default) in a worker thread with a capped
   * young generation when the input is files of WORKER_MIN_BYTES or more, `worker` always (an error
   * for sources a worker cannot read), `inline` in this thread. Results are the same.
   */
  thread?: DetectThread;
}

export interface DetectRunResult extends RunSummary {
  outboxRows: number;
  /** Bad records skipped (a file cut short by a break in its structure or its gzip counts once). */
  skipped: number;
  /** Files (or S3 objects, LookupEvents regions) with at least one problem. */
  filesWithProblems: number;
  /** Where the events were parsed and evaluated (a worker: with its young generation limit, MB). */
  evaluation: { thread: 'worker' | 'inline'; youngGenerationMb?: number };
}

/**
 * Reads every event of the sources, then commits signals, state, de-duplication ids, outbox rows
 * and source checkpoints in one short transaction (the database's write lock is not held while
 * the input is read; see DetectionEngine). Bad input is not an error: each bad record (or the
 * broken rest of a file) is reported through `onProblem`, counted and skipped, and only records
 * parsed whole reach the engine. Any other error (database, network, another detection run that
 * committed meanwhile) stores nothing of the run: the store is as it was.
 */
export async function runDetection(
  store: Store,
  sources: EventSource[],
  rules: DetectionRule[],
  opts: RunOptions = {},
): Promise<DetectRunResult> {
  const clock = opts.now ?? Date.now;
  const skewMs = opts.clockSkewMs ?? DEFAULT_CLOCK_SKEW_MS;
  const limit = { latest: clock() + skewMs, skewMs };
  const engine = await DetectionEngine.start(store, rules, {
    since: opts.since,
    latenessMs: opts.latenessMs,
    now: opts.now,
    notAfter: limit.latest,
  });
  let outboxRows = 0;
  const problems = new ProblemLog(opts.onProblem);
  let read = 0;
  try {
    const plan = workerPlan(sources, [rules], opts.thread);
    let evaluated: EvaluationOutcome | undefined;
    let skipped: number;
    let filesWithProblems: number;
    let evaluation: DetectRunResult['evaluation'] = { thread: 'inline' };
    if (plan) {
      const result = await evaluateInWorker([{ engine, rules }], plan, { ...opts, limit });
      evaluated = result.outcomes[0];
      skipped = result.skipped;
      filesWithProblems = result.filesWithProblems;
      evaluation = { thread: 'worker', youngGenerationMb: result.youngGenerationMb };
    } else {
      for (const source of sources) {
        for await (const event of source.events(store, problems.add, limit)) {
          const pending = engine.process(event);
          if (pending) await pending;
          if (++read % 1000 === 0) {
            opts.signal?.throwIfAborted();
            opts.onProgress?.({ phase: 'reading events', done: read });
          }
        }
      }
      opts.onProgress?.({ phase: 'reading events', done: read, ended: true });
      problems.finish();
      skipped = problems.skipped;
      filesWithProblems = problems.files;
    }
    opts.signal?.throwIfAborted();
    const byId = new Map(rules.map((r) => [r.id, r]));
    const now = new Date(clock());
    // Outbox rows and source checkpoints are written in the run's transaction, before COMMIT.
    const summary = await engine.finish(
      {
        resolver: inventoryResolver,
        elevation: postureElevation,
        beforeCommit: async (tx, created) => {
          outboxRows = await enqueueSignals(tx, opts.channels ?? [], created, byId, now);
          for (const source of sources) await source.checkpoint?.(tx, now.getTime());
        },
      },
      evaluated,
    );
    return { ...summary, outboxRows, skipped, filesWithProblems, evaluation };
  } catch (error) {
    await engine.abort();
    throw error;
  }
}
