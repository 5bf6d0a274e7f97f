/**
 * A detection job: one source of a `cloudtrail` target (a trail bucket prefix, or LookupEvents in
 * one region) read through the same library call as `stance detect cloudtrail`, which commits its
 * signals, learned state, seen event ids, outbox rows and checkpoint in one transaction of its own.
 */
import { join } from 'node:path';
import type { StanceConfig } from '../config/load.js';
import type { EventSource } from '../detect/sources.js';
import { InputError } from '../errors.js';
import type { Store } from '../store/index.js';
import { detectSources } from './plan.js';
import type { DetectJob } from './spec.js';

export interface DetectJobResult {
  events: number;
  newSignals: number;
  /** Bad records, files or rules skipped (reported in the worker's log). */
  skipped: number;
}

export async function runDetectJob(
  store: Store,
  job: DetectJob,
  config: StanceConfig,
  opts: { signal: AbortSignal; onProblem: (line: string) => void },
): Promise<DetectJobResult> {
  const target = config.targets.find((t) => t.name === job.target);
  if (!target?.cloudtrail)
    throw new InputError(
      `detection job for target ${job.target}: no such cloudtrail target in this worker's stance.yaml`,
    );
  // The payload names a source; only one the worker's own stance.yaml configures is read.
  if (!detectSources(target).includes(job.source))
    throw new InputError(
      `detection job for target ${job.target}: source ${job.source} is not one of its sources`,
    );
  const [
    { loadRules },
    { IntelLists },
    { runDetection },
    { S3Source, DEFAULT_LOOKBACK_MS },
    { packageRoot },
  ] = await Promise.all([
    import('../detect/sigma.js'),
    import('../detect/intel.js'),
    import('../detect/run.js'),
    import('../detect/s3-source.js'),
    import('../paths.js'),
  ]);
  // the bundled pack, as `stance detect cloudtrail` reads it without --rules
  const loaded = loadRules([join(packageRoot(), 'policies', 'detections')], new IntelLists());
  for (const line of [...loaded.warnings, ...loaded.unreadable, ...loaded.errors]) opts.onProblem(line);
  if (!loaded.rules.length) throw new InputError('no detection rules loaded from the bundled pack');
  let source: EventSource & { close?(): void };
  if (job.source.startsWith('lookup:')) {
    const { LookupSource } = await import('../detect/lookup-source.js');
    source = new LookupSource({
      regions: [job.source.slice('lookup:'.length)],
      lookbackMs: DEFAULT_LOOKBACK_MS,
    });
  } else source = new S3Source(job.source, {});
  try {
    const result = await runDetection(store, [source], loaded.rules, {
      channels: config.notify,
      signal: opts.signal,
      onProblem: opts.onProblem,
    });
    return {
      events: result.events,
      newSignals: result.newSignals.length,
      skipped: result.skipped + loaded.errors.length + loaded.unreadable.length,
    };
  } finally {
    source.close?.();
  }
}
