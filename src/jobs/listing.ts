/** What `stance jobs` lists and retries: the queue's jobs by state, dead letters included. */
import { InputError } from '../errors.js';
import type { QueueJobRow, Store } from '../store/index.js';
import { requireDistributed } from './plan.js';
import { QUEUES, type JobQueue } from './queue.js';
import { jobKey, QUEUE_PREFIX, queueFor, type JobPayload } from './spec.js';

export const JOB_STATES = ['queued', 'running', 'failed', 'dead'] as const;
export type JobState = (typeof JOB_STATES)[number];

export interface JobListing {
  id: string;
  queue: string;
  state: JobState;
  key: string | null;
  kind: string | null;
  scanId: number | null;
  target: string | null;
  /** Attempts made (a running job: including the current one). */
  attempts: number;
  maxAttempts: number;
  createdAt: string;
  startAfter: string;
  /** The last failure's message, for failed and dead jobs. */
  error: string | null;
}

const PG_STATES: Record<JobState, string[]> = {
  queued: ['created', 'retry'],
  running: ['active'],
  failed: ['failed'],
  dead: ['created', 'retry', 'active'],
};

function stateOf(row: QueueJobRow): JobState | undefined {
  if (row.queue === QUEUES.dead) return PG_STATES.dead.includes(row.state) ? 'dead' : undefined;
  return JOB_STATES.find((s) => s !== 'dead' && PG_STATES[s].includes(row.state));
}

function errorOf(output: unknown): string | null {
  const o = output as { message?: unknown; value?: { message?: unknown } } | null;
  const message = o?.message ?? o?.value?.message;
  return typeof message === 'string' ? message : null;
}

function payloadOf(data: unknown): JobPayload | undefined {
  const d = data as Partial<JobPayload> | null;
  return d && typeof d === 'object' && typeof d.kind === 'string' && typeof d.scanId === 'number'
    ? (d as JobPayload)
    : undefined;
}

function listing(row: QueueJobRow, state: JobState): JobListing {
  const job = payloadOf(row.data);
  let key: string | null = row.singletonKey;
  if (job) {
    try {
      key = jobKey(job);
    } catch {
      // a payload of another shape (written by hand): shown without a key
    }
  }
  return {
    id: row.id,
    queue: row.queue,
    state,
    key,
    kind: job?.kind ?? null,
    scanId: job?.scanId ?? null,
    target: typeof job?.target === 'string' ? job.target : null,
    attempts: row.retryCount + (state === 'running' || state === 'failed' || state === 'dead' ? 1 : 0),
    maxAttempts: row.retryLimit + 1,
    createdAt: row.createdOn.toISOString(),
    startAfter: row.startAfter.toISOString(),
    error: state === 'failed' || state === 'dead' ? errorOf(row.output) : null,
  };
}

/** Jobs in these states (default: every state but done), newest first. */
export async function listJobs(
  store: Store,
  queue: JobQueue,
  opts: { states?: readonly JobState[]; limit?: number } = {},
): Promise<JobListing[]> {
  const distributed = requireDistributed(store);
  const wanted = new Set(opts.states ?? JOB_STATES);
  const states = [...new Set([...wanted].flatMap((s) => PG_STATES[s]))];
  const rows = await distributed.queueJobs({
    schema: queue.schema,
    prefix: QUEUE_PREFIX,
    states,
    limit: opts.limit ?? 1000,
  });
  const out: JobListing[] = [];
  for (const row of rows) {
    const state = stateOf(row);
    if (state && wanted.has(state)) out.push(listing(row, state));
  }
  return out;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Gives a failed or dead-letter job another attempt: the failed job goes back to its queue
 * (its dead-letter copies are removed). Returns the job's listing as it now is.
 */
export async function retryJob(
  store: Store,
  queue: JobQueue,
  id: string,
): Promise<{ id: string; queue: string }> {
  const distributed = requireDistributed(store);
  if (!UUID.test(id))
    throw new InputError(`job ${JSON.stringify(id)}: expected a job id (a UUID, as stance jobs lists)`);
  const [row] = await distributed.queueJobs({
    schema: queue.schema,
    prefix: QUEUE_PREFIX,
    states: ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'],
    limit: 1,
    id: id.toLowerCase(),
  });
  if (!row) throw new InputError(`job ${id}: no such job (stance jobs lists them)`);
  const state = stateOf(row);
  if (state !== 'failed' && state !== 'dead')
    throw new InputError(`job ${id} is ${state ?? row.state}: only failed and dead-letter jobs are retried`);
  let original: { id: string; queue: string } = row;
  if (state === 'dead') {
    const job = payloadOf(row.data);
    const queues = job ? candidateQueues(job) : [];
    const [found] = await distributed.queueJobsWithData({
      schema: queue.schema,
      queues,
      data: row.data,
      states: ['failed'],
    });
    if (!found)
      throw new InputError(
        `job ${id}: the failed job it was copied from is no longer kept; plan the target again (stance jobs enqueue --target NAME)`,
      );
    original = found;
  }
  await queue.retry(original.queue, original.id);
  const copies = await distributed.queueJobsWithData({
    schema: queue.schema,
    queues: [QUEUES.dead],
    data: row.data,
    states: PG_STATES.dead,
  });
  for (const copy of copies) await queue.deleteJob(QUEUES.dead, copy.id);
  return { id: original.id, queue: original.queue };
}

/** The queues a dead letter's job may have come from (a cluster's job: the shared queue or its own). */
function candidateQueues(job: JobPayload): string[] {
  const shared = queueFor(job);
  return job.kind === 'k8s' ? [shared, queueFor(job, new Set([job.cluster]))] : [shared];
}
