/** `stance worker` and `stance jobs` as library calls (distributed mode, PostgreSQL only). */
import { InputError } from '../errors.js';
import type { Logger } from '../log.js';
import type { Store } from '../store/index.js';
import type { StanceConfig } from './config.js';
import type { JobQueue, OpenQueueOptions } from '../jobs/queue.js';
import type { WorkerSettings } from '../jobs/worker.js';
import { policyBundle } from './catalog.js';
import { mutesInForce } from './mutes.js';

export type { WorkerSettings } from '../jobs/worker.js';
export { DEFAULT_WORKER_SETTINGS } from '../jobs/worker.js';
export { JOB_STATES, listJobs, retryJob, type JobListing, type JobState } from '../jobs/listing.js';

export interface WorkerOptions extends Partial<Omit<WorkerSettings, 'queues'>> {
  store: Store;
  /** postgres://… of the store (pg-boss opens its own connections). */
  location: string;
  config: StanceConfig;
  log: Logger;
  /** Fetch this cluster's private queue only (an in-cluster agent). */
  cluster?: string;
  /** Fetch these queues (default stance.aws, stance.k8s, stance.detect; `--cluster`: stance.k8s.<cluster>). */
  queues?: string[];
  /** Aborting stops the worker (graceful: see WorkerSettings.graceMs). */
  signal?: AbortSignal;
  queueOptions?: OpenQueueOptions;
}

/** Runs a worker until the signal aborts; resolves when it stopped (0). */
export async function runWorker(opts: WorkerOptions): Promise<0> {
  const { store, config, log } = opts;
  if (!store.distributed)
    throw new InputError(
      `database ${store.location}: stance worker needs PostgreSQL (distributed mode): give --db postgres://…`,
    );
  const { openQueue } = await import('./jobs.js');
  const { QUEUES, clusterQueue } = await import('../jobs/queue.js');
  const { DEFAULT_WORKER_SETTINGS, Worker } = await import('../jobs/worker.js');
  const queues =
    opts.queues ?? (opts.cluster ? [clusterQueue(opts.cluster)] : [QUEUES.aws, QUEUES.k8s, QUEUES.detect]);
  const bundle = policyBundle({ policies: config.policies });
  const { createEngine } = await import('../policy/engine.js');
  const engine = await createEngine({ bundle, threads: 1 });
  let queue: JobQueue | undefined;
  try {
    queue = await openQueue(opts.location, {
      ...opts.queueOptions,
      onError: (error) => log.warn('job queue background error', { error: error.message }),
    });
    for (const name of queues) await queue.ensureQueue(name);
    await store.rules.sync(bundle.manifest.rules);
    const channels = config.notify;
    let notifier;
    if (channels.length) {
      const { Notifier } = await import('../notify/alerts.js');
      notifier = new Notifier({
        channels,
        rules: bundle.manifest.rules,
        ownerKey: config.ownerKey,
        mutes: (await mutesInForce(store, { config })).matcher,
      });
    }
    const worker = new Worker(
      {
        store,
        queue,
        config,
        bundle,
        engine,
        log,
        notifier,
        afterScan: channels.length
          ? async () => {
              const { finalizeAlerts } = await import('../notify/alerts.js');
              await finalizeAlerts(store, channels, new Date(), bundle.manifest.version);
              const { deliverPending } = await import('../notify/deliver.js');
              const result = await deliverPending(store, channels, new Date());
              for (const e of result.errors) log.warn('alert delivery failed', { error: e });
            }
          : undefined,
      },
      { ...DEFAULT_WORKER_SETTINGS, ...definedOnly(opts), queues, agentCluster: opts.cluster },
    );
    const stop = () => void worker.stop(String(opts.signal?.reason ?? 'abort'));
    if (opts.signal?.aborted) stop();
    opts.signal?.addEventListener('abort', stop, { once: true });
    try {
      await worker.run();
    } finally {
      opts.signal?.removeEventListener('abort', stop);
    }
  } finally {
    await queue?.close();
    await engine.close();
  }
  return 0;
}

const SETTING_KEYS = [
  'concurrency',
  'accountConcurrency',
  'awsRate',
  'awsConcurrency',
  'leaseTtlMs',
  'graceMs',
  'busyDelaySeconds',
  'pollMs',
  'healthPort',
  'healthAddress',
] as const;

function definedOnly(opts: WorkerOptions): Partial<WorkerSettings> {
  const out: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) if (opts[k] !== undefined) out[k] = opts[k];
  return out as Partial<WorkerSettings>;
}
