import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { TargetConfig } from '../config/load.js';
import type { JobQueue } from '../jobs/queue.js';
import type { ScheduleCoordination, Store } from '../store/index.js';
import type { DistributedDeps } from './daemon.js';

const QUEUE_DEPTH_LIMIT = 100_000;

/** The scan command a scheduled run records (the stale check reads the last successful one). */
export const runCommand = (target: TargetConfig) => `daemon:${target.name}`;

/**
 * The accounts of an Organizations target as they are now (its ACTIVE accounts, minus the excluded
 * ones), listed with the same code the collector uses; undefined for other targets (the planner
 * takes their listed accounts, or the caller's own).
 */
export async function accountsNow(target: TargetConfig): Promise<string[] | undefined> {
  if (!target.aws?.orgRole) return undefined;
  const { targetAccounts } = await import('../collect/aws/index.js');
  return (await targetAccounts(target.aws)).targets.map((t) => t.account);
}

/**
 * The daemon's side of distributed mode: who it is, and how it enqueues a target's run (accounts
 * resolved at each run, so a new organisation account is in the next run and a removed one in none).
 */
export function distributedDeps(
  store: Store,
  coordination: ScheduleCoordination,
  queue: JobQueue,
): DistributedDeps {
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  return {
    coordination,
    holder,
    retryMs: Number(process.env.STANCE_SCHEDULER_RETRY_MS ?? 5_000),
    enqueue: async (target, slot) => {
      const { enqueueScheduledRun, listedAccounts } = await import('../jobs/plan.js');
      const accounts = await accountsNow(target);
      const tick = { schedule: target.name, due: slot, holder, at: new Date() };
      const run = await enqueueScheduledRun(store, queue, target, tick, {
        ...(accounts ? { accounts } : {}),
        command: runCommand(target),
      });
      if (!run) return undefined;
      const planned = accounts ?? listedAccounts(target);
      return {
        scanId: run.scanId,
        jobs: run.jobs.length,
        accounts: target.aws ? (planned?.length ?? 1) : 0,
      };
    },
    queueDepth: async () => {
      const { listJobs, JOB_STATES } = await import('../jobs/listing.js');
      const depth: Record<string, number> = Object.fromEntries(JOB_STATES.map((s) => [s, 0]));
      // counted from the listing (newest QUEUE_DEPTH_LIMIT jobs): a gauge that saturates there
      for (const job of await listJobs(store, queue, { limit: QUEUE_DEPTH_LIMIT })) depth[job.state]!++;
      return depth;
    },
  };
}
