/** `stance daemon` as a library call: scheduled scans of the config's targets until the signal aborts. */
import { InputError } from '../errors.js';
import type { Logger } from '../log.js';
import type { JobQueue } from '../jobs/queue.js';
import type { Store } from '../store/index.js';
import type { StanceConfig } from './config.js';
import { scan } from './scan.js';

export type { Logger } from '../log.js';

export interface DaemonOptions {
  store: Store;
  config: StanceConfig;
  /** Where the daemon says what it does (the CLI's: escaped lines on a terminal, JSON lines off one). */
  log: Logger;
  /** Aborting stops the daemon: no new scans; the running ones finish their current scope. */
  signal?: AbortSignal;
  /** Names the config in messages. */
  configFile?: string;
  /**
   * The job queue (openQueue) of a PostgreSQL store: the daemon then enqueues each run for
   * `stance worker`s instead of scanning, and several daemons elect one leader. Required there.
   */
  queue?: JobQueue;
  /** The address the health server (config daemon.healthPort) listens on (default 127.0.0.1). */
  healthAddress?: string;
}

/**
 * Runs each target on its cron schedule, delivers alerts, raises stale-target alerts and prunes
 * daily, holding the database's daemon lock. Resolves when stopped: 0, or 4 when another daemon
 * took the database over. The caller closes the store.
 */
export async function runDaemon(opts: DaemonOptions): Promise<0 | 4> {
  const { store, config, log } = opts;
  if (!config.targets.length)
    throw new InputError(
      `config ${opts.configFile ?? 'stance.yaml'}: targets: list at least one target to schedule`,
    );
  const { DaemonLock } = await import('../store/index.js');
  const { Daemon } = await import('../schedule/daemon.js');
  // PostgreSQL: any number of daemons, one leads and enqueues for workers; SQLite: one daemon scans.
  if (store.scheduling && !opts.queue)
    throw new InputError(
      `database ${store.location}: a daemon on PostgreSQL enqueues runs for workers: pass the job queue (openQueue)`,
    );
  if (store.scheduling)
    for (const t of config.targets)
      if (!t.aws && !t.kubernetes && !t.cloudtrail)
        throw new InputError(
          `config ${opts.configFile ?? 'stance.yaml'}: target ${t.name}: a daemon on PostgreSQL schedules aws, kubernetes and cloudtrail targets for workers; scan snapshots and manifests with \`stance scan\` or a daemon on SQLite`,
        );
  if (!store.scheduling)
    for (const t of config.targets)
      if (t.cloudtrail)
        throw new InputError(
          `config ${opts.configFile ?? 'stance.yaml'}: target ${t.name}: cloudtrail targets are run by stance workers (a daemon on PostgreSQL); on SQLite run \`stance detect cloudtrail\` from cron`,
        );
  const distributed =
    store.scheduling && opts.queue
      ? (await import('../schedule/plan.js')).distributedDeps(store, store.scheduling, opts.queue)
      : undefined;
  const lock = distributed ? undefined : await DaemonLock.acquire(store);
  const daemon = new Daemon({
    store,
    config,
    log,
    lock,
    distributed,
    healthAddress: opts.healthAddress,
    scan: async (target, collection) => {
      const result = await scan(store, collection, {
        command: `daemon:${target.name}`,
        config,
        notify: config.notify.length > 0,
        deliver: false, // the daemon delivers right after the scan and logs each attempt
        pssVersion: target.pssVersion,
        kubeVersion: target.kubeVersion,
      });
      return {
        scanId: result.outcome.scanId,
        status: result.outcome.status,
        newFailures: result.newFailures.length,
      };
    },
  });
  const stop = () => void daemon.stop(String(opts.signal?.reason ?? 'abort'));
  if (opts.signal?.aborted) stop();
  opts.signal?.addEventListener('abort', stop, { once: true });
  log.info('stance daemon started', {
    targets: config.targets.length,
    channels: config.notify.length,
    pid: process.pid,
    mode: distributed ? 'enqueue (PostgreSQL: workers scan)' : 'scan',
  });
  try {
    await daemon.start();
  } finally {
    opts.signal?.removeEventListener('abort', stop);
    if (lock && !daemon.lostLock) await lock.release();
    log.info('stance daemon stopped');
  }
  return daemon.lostLock ? 4 : 0;
}
