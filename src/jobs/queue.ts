/**
 * The job queue of distributed mode over pg-boss 10 (decision 0010): Stance's queues, their retry
 * policy, and the few operations the planner, `stance worker` and `stance jobs` need. pg-boss keeps
 * its tables in its own schema of the store's database (`pgboss` unless told otherwise).
 */
import PgBoss from 'pg-boss';
import { InputError } from '../errors.js';
import { StoreError, type QueueSql } from '../store/index.js';
import { parseLocation, translate } from '../store/postgres/connection.js';
import { jobKey, QUEUE_PREFIX, queueFor, type JobPayload } from './spec.js';

/** Attempts at creating a queue that deadlocked with another process creating queues. */
const QUEUE_CREATE_ATTEMPTS = 5;

export const QUEUES = {
  aws: `${QUEUE_PREFIX}.aws`,
  k8s: `${QUEUE_PREFIX}.k8s`,
  detect: `${QUEUE_PREFIX}.detect`,
  /** Jobs that failed every attempt are copied here (pg-boss `deadLetter`), for `stance jobs` and `retry`. */
  dead: `${QUEUE_PREFIX}.dead`,
} as const;

/** The queue a private cluster's jobs go to: only that cluster's agent (`stance worker --cluster NAME`) fetches it. */
export const clusterQueue = (cluster: string) => `${QUEUES.k8s}.${cluster}`;

/** How a queue retries its jobs. Set when the queue is created; given again, they update it. */
export interface RetryPolicy {
  /** Attempts after the first (default 4, $STANCE_JOB_RETRY_LIMIT). */
  retryLimit: number;
  /** Delay before the first retry, doubled (with jitter) at each next one (default 30 s, $STANCE_JOB_RETRY_DELAY_SECONDS). */
  retryDelaySeconds: number;
  /**
   * An active job not completed within this is failed and retried (default 3600 s,
   * $STANCE_JOB_EXPIRE_SECONDS): a worker killed mid-job is noticed after it.
   */
  expireInSeconds: number;
}

export interface OpenQueueOptions extends Partial<RetryPolicy> {
  /** pg-boss's schema (default `pgboss`). */
  schema?: string;
  /** Run pg-boss's maintenance here (expire, retry, archive; default true). */
  supervise?: boolean;
  /** How often maintenance runs (default 60 s, $STANCE_JOB_MAINTENANCE_SECONDS). */
  maintenanceIntervalSeconds?: number;
  /** Errors pg-boss reports from its background work (a lost connection); they never crash the process. */
  onError?: (error: Error) => void;
}

export interface EnqueuedJob {
  job: JobPayload;
  queue: string;
  key: string;
  /** The queue's id; null when an identical job (same key) was already waiting. */
  id: string | null;
}

export interface FetchedJob {
  id: string;
  queue: string;
  job: JobPayload;
  /** Attempts before this one. */
  retryCount: number;
  retryLimit: number;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,49}$/;

function envNumber(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min)
    throw new InputError(`$${name}: expected an integer >= ${min}, got "${raw}"`);
  return n;
}

function explicitPolicy(opts: OpenQueueOptions): RetryPolicy | undefined {
  const given =
    opts.retryLimit !== undefined ||
    opts.retryDelaySeconds !== undefined ||
    opts.expireInSeconds !== undefined ||
    ['STANCE_JOB_RETRY_LIMIT', 'STANCE_JOB_RETRY_DELAY_SECONDS', 'STANCE_JOB_EXPIRE_SECONDS'].some(
      (n) => process.env[n],
    );
  return given ? resolvePolicy(opts) : undefined;
}

function resolvePolicy(opts: Partial<RetryPolicy>): RetryPolicy {
  return {
    retryLimit: opts.retryLimit ?? envNumber('STANCE_JOB_RETRY_LIMIT', 4, 0),
    retryDelaySeconds: opts.retryDelaySeconds ?? envNumber('STANCE_JOB_RETRY_DELAY_SECONDS', 30, 1),
    expireInSeconds: opts.expireInSeconds ?? envNumber('STANCE_JOB_EXPIRE_SECONDS', 3600, 1),
  };
}

/** A fetch that lost the race for a singleton key (another job of the group is active): nothing to run now. */
const isSingletonConflict = (error: unknown) =>
  (error as { code?: unknown } | null)?.code === '23505' &&
  /_i[23]\b/.test(String((error as { constraint?: unknown }).constraint ?? (error as Error).message));

export class JobQueue {
  private readonly ready = new Set<string>();

  private constructor(
    private readonly boss: PgBoss,
    readonly shown: string,
    readonly schema: string,
    private readonly policy: RetryPolicy,
    private readonly updatePolicy: boolean,
  ) {}

  static async open(location: string, opts: OpenQueueOptions = {}): Promise<JobQueue> {
    const { shown, connectionString } = parseLocation(location);
    const schema = opts.schema ?? 'pgboss';
    if (!IDENTIFIER.test(schema))
      throw new InputError(`queue schema "${schema}": expected a lower-case SQL identifier`);
    const boss = new PgBoss({
      connectionString,
      schema,
      application_name: 'stance-queue',
      max: 4,
      supervise: opts.supervise ?? true,
      schedule: false,
      maintenanceIntervalSeconds:
        opts.maintenanceIntervalSeconds ?? envNumber('STANCE_JOB_MAINTENANCE_SECONDS', 60, 1),
    });
    boss.on('error', (error) => opts.onError?.(translate(error, shown)));
    try {
      await boss.start();
    } catch (error) {
      await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
      throw translate(error, shown);
    }
    const queue = new JobQueue(boss, shown, schema, resolvePolicy(opts), explicitPolicy(opts) !== undefined);
    try {
      await queue.ensureQueue(QUEUES.dead);
      for (const name of [QUEUES.aws, QUEUES.k8s, QUEUES.detect]) await queue.ensureQueue(name);
    } catch (error) {
      await queue.close();
      throw error;
    }
    return queue;
  }

  /** Creates a queue of Stance's (idempotent): retries with exponential backoff, then the dead-letter queue. */
  async ensureQueue(name: string): Promise<void> {
    if (this.ready.has(name)) return;
    if (!name.startsWith(`${QUEUE_PREFIX}.`) || !/^[A-Za-z0-9_.-]{1,200}$/.test(name))
      throw new InputError(
        `queue "${name}": expected ${QUEUE_PREFIX}.<name> (letters, digits, "_", "-", ".")`,
      );
    const options: PgBoss.Queue =
      name === QUEUES.dead
        ? { name, policy: 'standard' }
        : {
            name,
            // Detection: 'standard', not 'singleton': in pg-boss 10 a singleton fetch whose oldest job
            // belongs to an active group fails, holding back every other group (decision 0010). Jobs of
            // one state group are kept apart by the group's lease (src/jobs/worker.ts) instead.
            // Other jobs: no duplicate waiting per key.
            policy: name === QUEUES.detect ? 'standard' : 'short',
            retryLimit: this.policy.retryLimit,
            retryDelay: this.policy.retryDelaySeconds,
            retryBackoff: true,
            expireInSeconds: this.policy.expireInSeconds,
            deadLetter: QUEUES.dead,
          };
    // Processes starting together create the queues together, and pg-boss's create_queue adds
    // foreign keys to its queue table: two of them can deadlock, and PostgreSQL aborts one. Creating
    // a queue is idempotent, so the aborted one tries again.
    for (let attempt = 1; ; attempt++) {
      try {
        await this.call(async () => {
          const existing = await this.boss.getQueue(name);
          if (!existing) await this.boss.createQueue(name, options);
          else if (
            name !== QUEUES.dead &&
            (this.updatePolicy || (existing as { policy?: string }).policy !== options.policy)
          )
            await this.boss.updateQueue(name, options);
        });
        break;
      } catch (error) {
        if (attempt >= QUEUE_CREATE_ATTEMPTS || !(error instanceof StoreError && error.code === 'locked'))
          throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt + Math.random() * 100));
      }
    }
    this.ready.add(name);
  }

  /**
   * Sends jobs, each with `singletonKey = jobKey(job)`. With `sql`, the sends join that
   * transaction (they commit or roll back with it). The queues must exist (ensureQueues first).
   */
  async enqueue(
    jobs: readonly JobPayload[],
    opts: { privateClusters?: ReadonlySet<string>; sql?: QueueSql; startAfterSeconds?: number } = {},
  ): Promise<EnqueuedJob[]> {
    const out: EnqueuedJob[] = [];
    for (const job of jobs) {
      const queue = queueFor(job, opts.privateClusters);
      if (!opts.sql) await this.ensureQueue(queue);
      else if (!this.ready.has(queue))
        throw new InputError(
          `queue ${queue} is not created yet (call ensureQueues before a transactional enqueue)`,
        );
      const key = jobKey(job);
      const id = await this.call(() =>
        this.boss.send(queue, job as unknown as object, {
          singletonKey: key,
          ...(opts.startAfterSeconds ? { startAfter: opts.startAfterSeconds } : {}),
          ...(opts.sql ? { db: opts.sql as PgBoss.Db } : {}),
        }),
      );
      out.push({ job, queue, key, id });
    }
    return out;
  }

  /** Creates the queues these jobs go to (before a transactional enqueue). */
  async ensureQueues(jobs: readonly JobPayload[], privateClusters?: ReadonlySet<string>): Promise<void> {
    for (const job of jobs) await this.ensureQueue(queueFor(job, privateClusters));
  }

  /** The next job of a queue, now active; undefined when none is due. */
  async fetch(queue: string): Promise<FetchedJob | undefined> {
    await this.ensureQueue(queue);
    let jobs: PgBoss.JobWithMetadata<JobPayload>[];
    try {
      jobs = await this.boss.fetch<JobPayload>(queue, { includeMetadata: true, batchSize: 1 });
    } catch (error) {
      if (isSingletonConflict(error)) return undefined;
      throw translate(error, this.shown);
    }
    const j = jobs[0];
    if (!j) return undefined;
    return { id: j.id, queue, job: j.data, retryCount: j.retryCount, retryLimit: j.retryLimit };
  }

  /** Marks an active job done; with `sql`, inside that transaction. */
  async complete(queue: string, id: string, sql?: QueueSql): Promise<void> {
    await this.call(() => this.boss.complete(queue, id, sql ? { db: sql as PgBoss.Db } : {}));
  }

  /** Fails an attempt: retried after the queue's backoff, or dead-lettered after the last. */
  async fail(queue: string, id: string, message: string): Promise<void> {
    await this.call(() => this.boss.fail(queue, id, { message }));
  }

  /**
   * Puts an active job back to wait `delaySeconds`, without counting an attempt: sends the same
   * payload again, then completes this one (in one transaction when `sql` is given). Without a
   * transaction, a crash between the two leaves both: a second attempt, which the commit fence
   * refuses; never none.
   */
  async requeue(job: FetchedJob, delaySeconds: number, sql?: QueueSql): Promise<string | null> {
    const db = sql ? { db: sql as PgBoss.Db } : {};
    const id = await this.call(() =>
      this.boss.send(job.queue, job.job as unknown as object, {
        singletonKey: jobKey(job.job),
        ...(delaySeconds > 0 ? { startAfter: Math.round(delaySeconds) } : {}),
        ...db,
      }),
    );
    await this.call(() => this.boss.complete(job.queue, job.id, { requeued: true }, db));
    return id;
  }

  /** Moves a failed job back to the queue (one more attempt). False when it is not failed there. */
  async retry(queue: string, id: string): Promise<void> {
    await this.call(() => this.boss.retry(queue, id));
  }

  async deleteJob(queue: string, id: string): Promise<void> {
    await this.call(() => this.boss.deleteJob(queue, id));
  }

  async getJob(queue: string, id: string): Promise<PgBoss.JobWithMetadata<JobPayload> | null> {
    return this.call(() => this.boss.getJobById<JobPayload>(queue, id));
  }

  /** Stops pg-boss (its maintenance and connections). */
  async close(): Promise<void> {
    await this.boss.stop({ graceful: false, wait: true, close: true }).catch(() => undefined);
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      throw translate(error, this.shown);
    }
  }
}

/** Opens (and creates, if needed) Stance's job queues in the database at `location` (postgres://…). */
export function openQueue(location: string, opts: OpenQueueOptions = {}): Promise<JobQueue> {
  return JobQueue.open(location, opts);
}
