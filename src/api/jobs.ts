/**
 * Distributed mode as library calls (PostgreSQL only, docs/scale-out.md): the job queue, and
 * planning one run of a stance.yaml target into a scan and its jobs. pg-boss loads when a queue
 * is first opened.
 */
import type { JobQueue, OpenQueueOptions } from '../jobs/queue.js';

export type { JobQueue, OpenQueueOptions, EnqueuedJob, FetchedJob, RetryPolicy } from '../jobs/queue.js';
export type { AwsJob, DetectJob, JobKind, JobPayload, K8sJob } from '../jobs/spec.js';
export { jobKey, queueFor, QUEUE_PREFIX } from '../jobs/spec.js';
export {
  enqueueRun,
  enqueueScheduledRun,
  planJobs,
  clusterOf,
  listedAccounts,
  ALL_REGIONS,
  GLOBAL_REGION,
  type EnqueueRunOptions,
  type PlanOptions,
  type PlannedRun,
} from '../jobs/plan.js';

/** Opens Stance's job queues (pg-boss) in the PostgreSQL database at `location`, creating them if needed. */
export async function openQueue(location: string, opts: OpenQueueOptions = {}): Promise<JobQueue> {
  const { JobQueue } = await import('../jobs/queue.js');
  return JobQueue.open(location, opts);
}
