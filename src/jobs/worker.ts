/**
 * `stance worker`: fetches jobs, runs each under a lease (and, for AWS, an account slot and the
 * account's token buckets), commits through the fence, completes the job in the same transaction
 * (docs/scale-out.md). Survives the database going away (backs off, reconnects; the job is
 * retried); stops on request, finishing the current jobs within a grace period or releasing them.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { hostname } from 'node:os';
import type { StanceConfig } from '../config/load.js';
import type { Logger } from '../log.js';
import type { Notifier } from '../notify/alerts.js';
import type { LoadedBundle } from '../policy/bundle.js';
import type { PolicyEngine } from '../policy/engine.js';
import { StoreError, type DistributedStore, type Store } from '../store/index.js';
import { safeErrorMessage } from '../util/redact.js';
import { WorkerMetrics, type JobOutcome } from './metrics.js';
import { requireDistributed } from './plan.js';
import type { FetchedJob, JobQueue } from './queue.js';
import { collectJob, commitEvaluatedJob, evaluateJob, targetOf } from './run-job.js';
import { jobKey, type DetectJob } from './spec.js';

export interface WorkerSettings {
  /** Queues fetched from, in turn. */
  queues: string[];
  /** Jobs run at once by this process (default 1). */
  concurrency: number;
  /** Jobs of one AWS account running at once across all workers (default 2). */
  accountConcurrency: number;
  /** AWS API requests per second per (account, service), across all workers, and the burst allowed. */
  awsRate: { perSecond: number; burst: number };
  /** AWS scopes collected at once within one job (default 4). */
  awsConcurrency: number;
  /** A lease's time to live; renewed every third of it while the job runs (default 60 s). */
  leaseTtlMs: number;
  /** On stop: how long running jobs may take to finish before they are released (default 30 s). */
  graceMs: number;
  /** A job whose account has no free slot, or whose key another attempt holds, waits this long (default 5 s). */
  busyDelaySeconds: number;
  /** Pause between empty fetches (default 1 s). */
  pollMs: number;
  /** How often dead letters whose scan still waits are settled (default 60 s; also after a last attempt fails). */
  deadSweepMs?: number;
  /** Serve GET /healthz and GET /metrics on <healthAddress>:<port>. */
  healthPort?: number;
  /** The address the health server listens on (default 127.0.0.1; 0.0.0.0 for a kubelet's probes). */
  healthAddress?: string;
  /** The cluster this worker runs in, as an in-cluster agent: its jobs need no stance.yaml target. */
  agentCluster?: string;
}

export const DEFAULT_WORKER_SETTINGS: Omit<WorkerSettings, 'queues'> = {
  concurrency: 1,
  accountConcurrency: 2,
  awsRate: { perSecond: 20, burst: 40 },
  awsConcurrency: 4,
  leaseTtlMs: 60_000,
  graceMs: 30_000,
  busyDelaySeconds: 5,
  pollMs: 1_000,
};

export interface WorkerDeps {
  store: Store;
  queue: JobQueue;
  config: StanceConfig;
  bundle: LoadedBundle;
  engine: PolicyEngine;
  log: Logger;
  /** The notifier alerts are queued with in each commit (none: no channels). */
  notifier?: Notifier;
  /** After the commit that finished a scan: group its alerts and send them. */
  afterScan?: (scanId: number) => Promise<void>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });

const unavailable = (error: unknown) => error instanceof StoreError && error.code === 'unavailable';

/** After the grace period, how long an aborted job may take to wind down before it is released anyway. */
const ABANDON_AFTER_MS = 5_000;

interface Running {
  job: FetchedJob;
  abort: AbortController;
  lease?: { key: string; token: string };
  slot?: { account: string; slot: number; holder: string };
  /** Released by stop() while still running (stuck in a call that ignores the abort): its outcome is void. */
  abandoned?: boolean;
}

export class Worker {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  readonly metrics = new WorkerMetrics();
  private readonly distributed: DistributedStore;
  private readonly running = new Set<Running>();
  private readonly stopFetching = new AbortController();
  private stopping = false;
  private forceStopped?: () => void;
  private readonly forced = new Promise<void>((resolve) => (this.forceStopped = resolve));
  private server?: Server;
  private databaseDownSince?: number;
  private next = 0;
  private settling = false;
  private detecting = false;

  constructor(
    private readonly deps: WorkerDeps,
    private readonly settings: WorkerSettings,
  ) {
    this.distributed = requireDistributed(deps.store);
  }

  /** Runs until stop() and the running jobs are done or released. */
  async run(): Promise<void> {
    if (this.settings.healthPort)
      await this.serveHealth(this.settings.healthPort, this.settings.healthAddress ?? '127.0.0.1');
    this.deps.log.info('stance worker started', {
      worker: this.id,
      queues: this.settings.queues.join(' '),
      concurrency: this.settings.concurrency,
    });
    const sweep = setInterval(() => void this.settleDead(), this.settings.deadSweepMs ?? 60_000);
    try {
      await Promise.race([
        Promise.all(Array.from({ length: this.settings.concurrency }, () => this.loop())),
        this.forced,
      ]);
    } finally {
      clearInterval(sweep);
      await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
      this.deps.log.info('stance worker stopped', { worker: this.id });
    }
  }

  /**
   * No new job; running ones get `graceMs` to finish, then are aborted and released (back to
   * the queue at once, not counted as a failed attempt). Resolves when they are.
   */
  async stop(reason: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.stopFetching.abort();
    this.deps.log.info('stopping', {
      reason,
      running: this.running.size,
      graceSeconds: this.settings.graceMs / 1000,
    });
    const grace = setTimeout(() => {
      for (const r of this.running) {
        this.deps.log.warn('grace period over: releasing the job', { job: r.job.id, key: jobKey(r.job.job) });
        r.abort.abort(new Error('worker stopping'));
      }
      if (this.running.size) setTimeout(() => void this.abandonStuck(), ABANDON_AFTER_MS).unref();
    }, this.settings.graceMs);
    grace.unref();
  }

  /** Jobs still running after their abort: released here (lease, slot, back to the queue) so the worker can exit. */
  private async abandonStuck(): Promise<void> {
    for (const r of [...this.running]) {
      r.abandoned = true;
      this.deps.log.warn('job did not stop after its abort: released', {
        job: r.job.id,
        key: jobKey(r.job.job),
      });
      await this.requeue(r.job, 0, 'the worker stopped before the job finished');
      if (r.slot)
        await this.distributed.releaseSlot(r.slot.account, r.slot.slot, r.slot.holder).catch(() => false);
      if (r.lease) await this.distributed.releaseLease(r.lease.key, r.lease.token).catch(() => false);
    }
    this.forceStopped?.();
  }

  private async loop(): Promise<void> {
    let backoff = 1_000;
    while (!this.stopping) {
      let job: FetchedJob | undefined;
      try {
        job = await this.fetchNext();
        if (this.databaseDownSince !== undefined) {
          this.deps.log.info('database reachable again', {
            downSeconds: (Date.now() - this.databaseDownSince) / 1000,
          });
          this.databaseDownSince = undefined;
        }
        backoff = 1_000;
      } catch (error) {
        if (this.databaseDownSince === undefined) {
          this.databaseDownSince = Date.now();
          this.deps.log.warn('cannot fetch jobs; retrying with backoff', { error: safeErrorMessage(error) });
        }
        await sleep(backoff, this.stopFetching.signal);
        backoff = Math.min(backoff * 2, 30_000);
        continue;
      }
      if (!job) {
        await sleep(this.settings.pollMs, this.stopFetching.signal);
        continue;
      }
      await this.runJob(job);
    }
  }

  /** The next job of this worker's queues, taking them in turn. */
  private async fetchNext(): Promise<FetchedJob | undefined> {
    const queues = this.settings.queues;
    for (let i = 0; i < queues.length; i++) {
      const queue = queues[(this.next + i) % queues.length]!;
      const job = await this.metrics.timed(() => this.deps.queue.fetch(queue));
      if (job) {
        this.next = (this.next + i + 1) % queues.length;
        return job;
      }
    }
    return undefined;
  }

  private async runJob(job: FetchedJob): Promise<void> {
    const { log } = this.deps;
    const started = Date.now();
    const key = jobKey(job.job);
    const ttl = this.settings.leaseTtlMs;
    const m = this.metrics;
    const entry: Running = { job, abort: new AbortController() };
    this.running.add(entry);
    m.running++;
    let token: string | undefined;
    let slot: { account: string; slot: number; holder: string } | undefined;
    let renewals: NodeJS.Timeout | undefined;
    let outcome: JobOutcome = 'failed';
    try {
      token = await m.timed(() =>
        this.distributed.takeLease({ key, holder: this.id, jobId: job.id, ttlMs: ttl }),
      );
      if (!token) {
        outcome = await this.requeue(
          job,
          this.settings.busyDelaySeconds,
          'another attempt of this job holds its lease',
        );
        return;
      }
      const held = token;
      entry.lease = { key, token: held };
      if (job.job.kind === 'aws') {
        const account = job.job.account;
        const s = await m.timed(() =>
          this.distributed.takeSlot({
            account,
            limit: this.settings.accountConcurrency,
            holder: held,
            ttlMs: ttl,
          }),
        );
        if (s === undefined) {
          outcome = await this.requeue(
            job,
            this.settings.busyDelaySeconds,
            `account ${account} has no free slot`,
          );
          return;
        }
        slot = { account, slot: s, holder: held };
        entry.slot = slot;
      }
      renewals = setInterval(() => void this.renew(key, held, slot, entry), Math.max(200, ttl / 3));
      if (job.job.kind === 'detect') {
        // the store runs one detection at a time per process: another worker may take this one
        if (this.detecting) {
          outcome = await this.requeue(
            job,
            this.settings.busyDelaySeconds,
            'this worker runs a detection job',
          );
          return;
        }
        this.detecting = true;
        try {
          outcome = await this.runDetect(job, job.job, key, held, entry);
        } finally {
          this.detecting = false;
        }
        token = undefined; // the commit released it
        return;
      }

      const account = job.job.kind === 'aws' ? job.job.account : undefined;
      const rate = this.settings.awsRate;
      const gate = account
        ? async (service: string) => {
            for (;;) {
              const wait = await m.timed(() =>
                this.distributed.takeTokens({ account, service, n: 1, ...rate }),
              );
              if (wait === 0) return;
              await sleep(wait);
            }
          }
        : undefined;
      const target = targetOf(this.deps.config, job.job, this.settings.agentCluster);
      const collection = await collectJob(job.job, {
        config: this.deps.config,
        agentCluster: this.settings.agentCluster,
        signal: entry.abort.signal,
        gate,
        awsConcurrency: this.settings.awsConcurrency,
      });
      entry.abort.signal.throwIfAborted();
      const evaluated = await evaluateJob(
        collection,
        target,
        this.deps.config,
        this.deps.bundle,
        this.deps.engine,
        this.deps.store.scans,
      );
      entry.abort.signal.throwIfAborted();
      outcome = await this.commit(job, key, held, evaluated);
      token = undefined; // the commit released it (or it was not ours any more)
    } catch (error) {
      if (entry.abandoned) {
        outcome = 'released';
      } else if (entry.abort.signal.aborted && this.stopping) {
        outcome = await this.requeue(job, 0, 'the worker stopped before the job finished');
      } else {
        outcome = 'failed';
        log.error('job failed', {
          job: job.id,
          key,
          attempt: job.retryCount + 1,
          of: job.retryLimit + 1,
          error: safeErrorMessage(error),
        });
        await this.failJob(job, safeErrorMessage(error));
        if (job.retryCount >= job.retryLimit) await this.settleDead();
      }
    } finally {
      if (renewals) clearInterval(renewals);
      if (slot) {
        const { account, slot: n, holder } = slot;
        await m.timed(() => this.distributed.releaseSlot(account, n, holder)).catch(() => undefined);
      }
      if (token) {
        const held = token;
        await m.timed(() => this.distributed.releaseLease(key, held)).catch(() => undefined);
      }
      m.running--;
      m.count(job.queue, outcome);
      m.jobDuration(job.queue, (Date.now() - started) / 1000);
      this.running.delete(entry);
    }
  }

  /**
   * A detection job, under its state group's lease (`detect:<group>`: a second job of the group
   * finds it held and goes back to the queue). The detection run commits in its own transaction;
   * the fenced commit then completes the job and finishes its scan (no scope to record). A crash in
   * between runs the job again, which reads nothing new (checkpoints, event ids).
   */
  private async runDetect(
    job: FetchedJob,
    detectJob: DetectJob,
    key: string,
    token: string,
    entry: Running,
  ): Promise<JobOutcome> {
    const { runDetectJob } = await import('./detect-job.js');
    const read = await runDetectJob(this.deps.store, detectJob, this.deps.config, {
      signal: entry.abort.signal,
      onProblem: (line) => this.deps.log.warn('detection input skipped', { job: job.id, problem: line }),
    });
    this.deps.log.info('detection source read', { job: job.id, key, source: detectJob.source, ...read });
    return this.commit(job, key, token, { collection: { collectedAt: new Date(), scopes: [] }, scopes: [] });
  }

  /** The fenced commit; a lease that lapsed while nobody took it over is taken again once and the commit retried. */
  private async commit(
    job: FetchedJob,
    key: string,
    token: string,
    evaluated: Awaited<ReturnType<typeof evaluateJob>>,
  ): Promise<JobOutcome> {
    const { log } = this.deps;
    const scanId = job.job.scanId;
    let current = token;
    for (let attempt = 1; ; attempt++) {
      const held = current;
      const result = await this.fencedRecord(job, key, held, evaluated);
      if (result.outcome === 'committed') {
        log.info('job committed', {
          job: job.id,
          key,
          scopes: result.result.scopes,
          errored: result.result.errored,
          changes: result.result.transitions.length,
          scanFinished: result.scanFinished,
        });
        if (result.scanFinished && this.deps.afterScan)
          await this.deps.afterScan(scanId).catch((error: unknown) =>
            log.error('alerts of the finished scan failed', {
              scan: scanId,
              error: safeErrorMessage(error),
            }),
          );
        return 'committed';
      }
      if (result.outcome !== 'lost') {
        log.warn(`job not recorded: ${result.reason}`, { job: job.id, key, outcome: result.outcome });
        return result.outcome;
      }
      const again =
        attempt === 1 && !this.stopping
          ? await this.metrics.timed(() =>
              this.distributed.takeLease({
                key,
                holder: this.id,
                jobId: job.id,
                ttlMs: this.settings.leaseTtlMs,
              }),
            )
          : undefined;
      if (!again) {
        log.warn(`job not recorded: ${result.reason}`, { job: job.id, key, outcome: 'lost' });
        return 'lost';
      }
      current = again;
    }
  }

  /** One fenced commit of the evaluated job (commitEvaluatedJob: what the store refuses as stale is evaluated again). */
  private fencedRecord(
    job: FetchedJob,
    key: string,
    token: string,
    evaluated: Awaited<ReturnType<typeof evaluateJob>>,
  ) {
    const { queue, notifier, engine, log } = this.deps;
    return this.metrics.timed(() =>
      commitEvaluatedJob(this.distributed, {
        fence: { key, token, scanId: job.job.scanId },
        evaluated,
        engine,
        notifier,
        complete: (sql) => queue.complete(job.queue, job.id, sql),
        onRevised: (scope) =>
          log.info('stored state changed since the job read it: evaluated again', {
            job: job.id,
            key,
            scope,
          }),
      }),
    );
  }

  private async renew(
    key: string,
    token: string,
    slot: { account: string; slot: number } | undefined,
    entry: Running,
  ): Promise<void> {
    const ttl = this.settings.leaseTtlMs;
    try {
      const kept = await this.metrics.timed(() => this.distributed.renewLease(key, token, ttl));
      if (slot)
        await this.metrics.timed(() => this.distributed.renewSlot(slot.account, slot.slot, token, ttl));
      if (!kept)
        this.deps.log.warn(
          'lease lost while working (the commit will be refused if another attempt took it)',
          { key, job: entry.job.id },
        );
    } catch (error) {
      // the database is away: the lease may lapse; the commit decides (fence)
      this.deps.log.warn('lease renewal failed', { key, error: safeErrorMessage(error) });
    }
  }

  /** Back to the queue after `delaySeconds`, not counted as a failed attempt. */
  private async requeue(job: FetchedJob, delaySeconds: number, why: string): Promise<JobOutcome> {
    try {
      await this.metrics.timed(() => this.deps.queue.requeue(job, delaySeconds));
      this.deps.log.info('job put back', { job: job.id, key: jobKey(job.job), why, delaySeconds });
      return delaySeconds === 0 ? 'released' : 'requeued';
    } catch (error) {
      this.deps.log.warn('could not put the job back; it is retried when it expires', {
        job: job.id,
        error: safeErrorMessage(error),
      });
      return 'failed';
    }
  }

  /** Dead letters whose scan still waits: their scopes recorded as errors, their scans finished (src/jobs/dead.ts). */
  private async settleDead(): Promise<void> {
    if (this.settling || this.databaseDownSince !== undefined) return;
    this.settling = true;
    try {
      const { settleDeadJobs } = await import('./dead.js');
      const { finishedScans } = await this.metrics.timed(() =>
        settleDeadJobs(this.distributed, {
          schema: this.deps.queue.schema,
          config: this.deps.config,
          log: this.deps.log,
        }),
      );
      for (const scanId of finishedScans) await this.deps.afterScan?.(scanId);
    } catch (error) {
      this.deps.log.warn('could not settle dead jobs (tried again later)', {
        error: safeErrorMessage(error),
      });
    } finally {
      this.settling = false;
    }
  }

  /** Fails the attempt (retried with backoff, dead-lettered after the last), waiting out a database outage. */
  private async failJob(job: FetchedJob, message: string): Promise<void> {
    let wait = 1_000;
    for (let tries = 0; ; tries++) {
      try {
        await this.metrics.timed(() => this.deps.queue.fail(job.queue, job.id, message));
        return;
      } catch (error) {
        if (!unavailable(error) || this.stopping || tries >= 12) {
          this.deps.log.warn('could not mark the job failed; it is retried when it expires', {
            job: job.id,
            error: safeErrorMessage(error),
          });
          return;
        }
        await sleep(wait);
        wait = Math.min(wait * 2, 15_000);
      }
    }
  }

  private serveHealth(port: number, address: string): Promise<void> {
    this.server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/healthz') {
        const down = this.databaseDownSince !== undefined;
        const status = this.stopping ? 'stopping' : down ? 'database unreachable' : 'ok';
        res.writeHead(status === 'ok' ? 200 : 503, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status,
            worker: this.id,
            running: this.running.size,
            queues: this.settings.queues,
          }),
        );
      } else if (req.method === 'GET' && req.url === '/metrics') {
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
        res.end(this.metrics.text());
      } else res.writeHead(404).end();
    });
    return new Promise((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, address, () => {
        this.deps.log.info('health and metrics', {
          listen: `${address}:${port}`,
          paths: '/healthz /metrics',
        });
        resolve();
      });
    });
  }
}
