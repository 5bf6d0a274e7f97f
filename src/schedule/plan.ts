import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { StanceConfig, TargetConfig } from '../config/load.js';
import { StanceError } from '../errors.js';
import type { Logger } from '../log.js';
import type { ScheduleCoordination, Store } from '../store/index.js';
import type { DistributedDeps } from './daemon.js';

/** The scan command a scheduled run records (the stale check reads the last successful one). */
export const runCommand = (target: TargetConfig) => `daemon:${target.name}`;

/**
 * The daemon's side of distributed mode: who it is, how it enqueues a target's run (accounts
 * resolved now, Organizations expanded), the queue's depth, and what to close when it stops.
 */
export async function distributedDeps(
  store: Store,
  coordination: ScheduleCoordination,
  config: StanceConfig,
  log: Logger,
): Promise<DistributedDeps & { close(): Promise<void> }> {
  void store;
  void config;
  void log;
  return {
    coordination,
    holder: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    retryMs: Number(process.env.STANCE_SCHEDULER_RETRY_MS ?? 5_000),
    enqueue: () =>
      Promise.reject(
        new StanceError('the job queue is not in this build yet (stance worker side, issue 14)', 4),
      ),
    close: async () => undefined,
  };
}
