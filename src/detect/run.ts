import type { ChannelConfig } from '../notify/config.js';
import type { Store } from '../store/index.js';
import { DetectionEngine, inventoryResolver, postureElevation, type RunSummary } from './engine.js';
import { enqueueSignals } from './notify.js';
import { ProblemLog } from './problems.js';
import type { DetectionRule } from './sigma.js';
import type { EventSource } from './sources.js';

export interface RunOptions {
  since?: Date;
  latenessMs?: number;
  channels?: ChannelConfig[];
  now?: () => number;
  /** Each bad-input problem as one line (`file:line: record n: reason` or `file: reason`), as it is met. */
  onProblem?: (line: string) => void;
}

export interface DetectRunResult extends RunSummary {
  outboxRows: number;
  /** Bad records skipped (a file cut short by a break in its structure or its gzip counts once). */
  skipped: number;
  /** Files (or S3 objects, LookupEvents regions) with at least one problem. */
  filesWithProblems: number;
}

/**
 * Reads every event of the sources and commits signals, state, de-duplication ids, outbox rows and
 * source checkpoints in one transaction. Bad input is not an error: each bad record (or the broken
 * rest of a file) is reported through `onProblem`, counted and skipped, and only records parsed
 * whole reach the engine. Any other error (database, network) rolls the whole run back: the store is untouched.
 */
export async function runDetection(
  store: Store,
  sources: EventSource[],
  rules: DetectionRule[],
  opts: RunOptions = {},
): Promise<DetectRunResult> {
  const engine = new DetectionEngine(store, rules, {
    since: opts.since,
    latenessMs: opts.latenessMs,
    now: opts.now,
  });
  let outboxRows = 0;
  const problems = new ProblemLog(opts.onProblem);
  try {
    for (const source of sources) {
      for await (const event of source.events(store.db, problems.add)) engine.process(event);
    }
    problems.finish();
    const byId = new Map(rules.map((r) => [r.id, r]));
    const now = new Date((opts.now ?? Date.now)());
    // Outbox rows and source checkpoints are written in the run's transaction, before COMMIT.
    const summary = engine.finish(postureElevation(store), inventoryResolver(store), (created) => {
      outboxRows = enqueueSignals(store.db, opts.channels ?? [], created, byId, now);
      for (const source of sources) source.checkpoint?.(store.db, now.getTime());
    });
    return { ...summary, outboxRows, skipped: problems.skipped, filesWithProblems: problems.files };
  } catch (error) {
    engine.abort();
    throw error;
  }
}
