import type { ChannelConfig } from '../config/load.js';
import type { Store } from '../store/index.js';
import { DetectionEngine, inventoryResolver, postureElevation, type RunSummary } from './engine.js';
import { enqueueSignals } from './notify.js';
import type { DetectionRule } from './sigma.js';
import type { EventSource } from './sources.js';

export interface RunOptions {
  since?: Date;
  latenessMs?: number;
  channels?: ChannelConfig[];
  now?: () => number;
}

export interface DetectRunResult extends RunSummary {
  outboxRows: number;
}

/**
 * Reads every event of the sources and commits signals, state, de-duplication ids, outbox rows and
 * source checkpoints in one transaction. Any error (bad input included) rolls the whole run back: the store is untouched.
 */
export async function runDetection(store: Store, sources: EventSource[], rules: DetectionRule[], opts: RunOptions = {}): Promise<DetectRunResult> {
  const engine = new DetectionEngine(store, rules, { since: opts.since, latenessMs: opts.latenessMs, now: opts.now });
  let outboxRows = 0;
  try {
    for (const source of sources) {
      for await (const event of source.events(store.db)) engine.process(event);
    }
    const byId = new Map(rules.map((r) => [r.id, r]));
    const now = new Date((opts.now ?? Date.now)());
    // Outbox rows and source checkpoints are written in the run's transaction, before COMMIT.
    const summary = engine.finish(postureElevation(store), inventoryResolver(store), (created) => {
      outboxRows = enqueueSignals(store.db, opts.channels ?? [], created, byId, now);
      for (const source of sources) source.checkpoint?.(store.db, now.getTime());
    });
    return { ...summary, outboxRows };
  } catch (error) {
    engine.abort();
    throw error;
  }
}
