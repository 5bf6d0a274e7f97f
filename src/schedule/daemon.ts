import { createServer, type Server } from 'node:http';
import type { StanceConfig, TargetConfig } from '../config/load.js';
import { loadSnapshot } from '../collect/snapshot.js';
import { collectManifests } from '../collect/k8s/manifests.js';
import { collectLive } from '../collect/k8s/live.js';
import { collectAws } from '../collect/aws/index.js';
import type { Logger } from '../log.js';
import { channelId } from '../notify/channels.js';
import { deliverPending } from '../notify/deliver.js';
import { derivedDeliveryId } from '../notify/delivery-id.js';
import {
  cutoffFor,
  HEARTBEAT_MS,
  parseRetention,
  type DaemonLock,
  type LeaderLock,
  type ScheduleCoordination,
  type Store,
} from '../store/index.js';
import type { Collection } from '../types.js';
import { safeErrorMessage } from '../util/redact.js';
import { isStale, Scheduler } from './scheduler.js';

export interface DaemonDeps {
  store: Store;
  config: StanceConfig;
  log: Logger;
  /** This daemon's hold on the database; refreshed while it runs. */
  lock?: DaemonLock;
  /** Scans one collection for a target; returns the scan's status. */
  scan: (
    target: TargetConfig,
    collection: Collection,
  ) => Promise<{ scanId: number; status: string; newFailures: number }>;
  /** PostgreSQL mode: enqueue runs for workers instead of scanning here (docs/scale-out.md). */
  distributed?: DistributedDeps;
  /** The address the health server listens on (default 127.0.0.1). */
  healthAddress?: string;
}

export interface DistributedDeps {
  coordination: ScheduleCoordination;
  /** This daemon in tick claims and logs (host, pid, a random token). */
  holder: string;
  /**
   * Plans and enqueues one run of a target for the schedule slot `slot` (Organizations expanded
   * into its accounts now), claiming the slot's tick in the same transaction; returns the run's
   * scan and how many jobs and accounts it has, or undefined when the tick was already claimed.
   */
  enqueue(
    target: TargetConfig,
    slot: Date,
  ): Promise<{ scanId: number; jobs: number; accounts: number } | undefined>;
  /** Jobs by state (queued, running, failed, dead), for /metrics. */
  queueDepth?(): Promise<Record<string, number>>;
  /** How often a standby tries to take the lead, and how often a leader confirms it still leads (default 5 s). */
  retryMs?: number;
}

interface Metrics {
  scans: Map<string, number>;
  lastDurationSeconds: Map<string, number>;
  alertsSent: number;
  alertsFailed: number;
}

const DAY = 86_400_000;
/** How often the leader looks for stale targets and scopes (it passes every few seconds). */
const STALE_CHECK_MS = Number(process.env.STANCE_STALE_CHECK_MS ?? 60_000);

/**
 * The scheduling loop of `stance daemon`: runs each target on its cron schedule (no overlap,
 * jitter, missed runs once), delivers alerts, raises stale-target alerts, prunes daily, serves
 * health and metrics, and stops cleanly on SIGTERM/SIGINT.
 */
export class Daemon {
  /** Undefined in distributed mode while this daemon stands by (the leader's state is in the database). */
  private scheduler?: Scheduler<TargetConfig>;
  private leader?: LeaderLock;
  private readonly enqueued = new Map<string, number>();
  private announcedStandby = false;
  private lastStaleCheck = 0;
  private started = new Date();
  private readonly metrics: Metrics = {
    scans: new Map(),
    lastDurationSeconds: new Map(),
    alertsSent: 0,
    alertsFailed: 0,
  };
  private readonly running = new Set<Promise<void>>();
  private timer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  /** Another daemon took the database over (this one's heartbeat went stale): it stopped. */
  lostLock = false;
  private server?: Server;
  private stopping = false;
  private lastPrune = 0;
  private resolveStopped?: () => void;

  constructor(private readonly deps: DaemonDeps) {}

  async start(): Promise<void> {
    const { config, store } = this.deps;
    if (config.daemon.healthPort)
      await this.serveHealth(config.daemon.healthPort, this.deps.healthAddress ?? '127.0.0.1');
    if (this.deps.distributed) {
      this.leader = this.deps.distributed.coordination.leader('scheduler');
      this.distributedLoop();
    } else {
      const lastRuns = new Map<string, Date | undefined>();
      for (const t of config.targets) lastRuns.set(t.name, await store.scans.lastStarted(`daemon:${t.name}`));
      this.schedule(lastRuns);
      this.background(this.prune());
      if (this.deps.lock) this.heartbeat = setInterval(() => void this.keepLock(), HEARTBEAT_MS);
      this.loop();
    }
    await new Promise<void>((resolve) => (this.resolveStopped = resolve));
  }

  private schedule(lastRuns: Map<string, Date | undefined>): Scheduler<TargetConfig> {
    const { config, log } = this.deps;
    const scheduler = new Scheduler(config.targets, {
      now: new Date(),
      lastRun: (name) => lastRuns.get(name),
      jitterSeconds: config.daemon.jitterSeconds,
    });
    this.scheduler = scheduler;
    for (const t of config.targets)
      log.info('target scheduled', {
        target: t.name,
        schedule: t.schedule,
        next: scheduler.nextDue(t.name)?.toISOString(),
      });
    return scheduler;
  }

  /** No new work; the current scans finish (each scope is its own transaction), then the store closes. */
  async stop(signal: string): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.deps.log.info('stopping', { signal, running: this.running.size });
    if (this.timer) clearTimeout(this.timer);
    if (this.heartbeat) clearInterval(this.heartbeat);
    await Promise.allSettled([...this.running]);
    await this.leader?.release();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.resolveStopped?.();
  }

  private async keepLock(): Promise<void> {
    const lock = this.deps.lock!;
    try {
      if (await lock.heartbeat()) return;
      this.lostLock = true;
      this.deps.log.error('another stance daemon took over the database; stopping', {
        holder: await lock.currentHolder(),
      });
      void this.stop('lock lost');
    } catch (error) {
      // A busy database delays one heartbeat; the next one retries.
      this.deps.log.warn('daemon lock heartbeat failed', { error: safeErrorMessage(error) });
    }
  }

  private loop(): void {
    if (this.stopping) return;
    const now = new Date();
    const scheduler = this.scheduler!;
    for (const target of scheduler.takeDue(now)) {
      const run = this.runTarget(target).finally(() => {
        this.running.delete(run);
        scheduler.finished(target.name, new Date());
        if (!this.stopping) this.reschedule();
      });
      this.running.add(run);
    }
    this.background(
      this.checkStale(now).catch((error: unknown) =>
        this.deps.log.error('stale check failed', { error: safeErrorMessage(error) }),
      ),
    );
    if (now.getTime() - this.lastPrune > DAY) this.background(this.prune());
    this.reschedule();
  }

  /** Work that `stop` waits for before the store closes. */
  private background(work: Promise<void>): void {
    const tracked = work.finally(() => this.running.delete(tracked));
    this.running.add(tracked);
  }

  private reschedule(): void {
    if (this.timer) clearTimeout(this.timer);
    const wait = Math.min(this.scheduler!.msUntilNext(new Date()), 60_000);
    this.timer = setTimeout(() => this.loop(), Math.max(wait, 50));
  }

  /**
   * PostgreSQL mode: a standby tries to take the lead every few seconds; the leader enqueues each
   * due tick once (claimed by (schedule, due time), so even two leaders enqueue it once), checks
   * staleness and prunes. Every daemon delivers the outbox (rows are claimed, not shared).
   */
  private distributedLoop(): void {
    if (this.stopping) return;
    const retryMs = this.deps.distributed!.retryMs ?? 5_000;
    const tick = this.distributedTick().then((wait) => {
      if (this.stopping) return;
      if (this.timer) clearTimeout(this.timer);
      this.timer = setTimeout(() => this.distributedLoop(), Math.max(50, Math.min(wait, retryMs)));
    });
    this.background(tick);
  }

  /** One pass; resolves to how long to wait before the next. */
  private async distributedTick(): Promise<number> {
    const { log, store, config } = this.deps;
    const d = this.deps.distributed!;
    const leader = this.leader!;
    const now = new Date();
    try {
      if (!leader.held) {
        if (!(await leader.tryAcquire())) {
          if (this.scheduler || !this.announcedStandby)
            log.info('standing by: another daemon leads', { holder: d.holder });
          this.announcedStandby = true;
          this.scheduler = undefined;
          await this.deliver();
          return Number.POSITIVE_INFINITY;
        }
        log.info('leading: this daemon enqueues the scheduled runs', { holder: d.holder });
        const lastTicks = new Map<string, Date | undefined>();
        for (const t of config.targets) lastTicks.set(t.name, await d.coordination.lastTick(t.name));
        this.schedule(lastTicks);
        this.started = new Date();
      }
      const scheduler = this.scheduler!;
      for (const { target, slot } of scheduler.takeDueSlots(now)) {
        // A leader whose session is gone enqueues nothing more: it competes again on the next pass.
        if (!(await leader.confirm())) {
          log.warn('lost the lead (database session ended); standing by', { holder: d.holder });
          this.scheduler = undefined;
          return 0;
        }
        await this.enqueueTick(target, slot);
        scheduler.finished(target.name, new Date());
      }
      if (now.getTime() - this.lastStaleCheck >= STALE_CHECK_MS) {
        this.lastStaleCheck = now.getTime();
        await this.checkStale(now).catch((error: unknown) =>
          log.error('stale check failed', { error: safeErrorMessage(error) }),
        );
        await this.checkStaleScopes(now).catch((error: unknown) =>
          log.error('stale scope check failed', { error: safeErrorMessage(error) }),
        );
      }
      if (now.getTime() - this.lastPrune > DAY) await this.prune();
      await this.deliver();
      return scheduler.msUntilNext(new Date());
    } catch (error) {
      log.error('scheduler pass failed', { error: safeErrorMessage(error), database: store.location });
      return 0;
    }
  }

  private async enqueueTick(target: TargetConfig, slot: Date): Promise<void> {
    const { log } = this.deps;
    const d = this.deps.distributed!;
    try {
      // the tick is claimed in the transaction that enqueues its run: both or neither
      const run = await d.enqueue(target, slot);
      if (!run) {
        log.info('run already enqueued for this slot', { target: target.name, slot: slot.toISOString() });
        return;
      }
      this.enqueued.set(target.name, (this.enqueued.get(target.name) ?? 0) + 1);
      log.info('run enqueued', {
        target: target.name,
        slot: slot.toISOString(),
        scan: run.scanId,
        jobs: run.jobs,
        accounts: run.accounts,
      });
    } catch (error) {
      // Nothing was claimed: the slot is not retried by this leader (the next slot runs), but a leader
      // that takes over resumes from the last claimed tick and runs it; staleness alerts if it persists.
      log.error('enqueue failed', {
        target: target.name,
        slot: slot.toISOString(),
        error: safeErrorMessage(error),
      });
    }
  }

  private async runTarget(target: TargetConfig): Promise<void> {
    const { log } = this.deps;
    const started = Date.now();
    let status = 'failed';
    try {
      const collection = target.aws
        ? await collectAws(target.aws)
        : target.kubernetes
          ? await collectLive(target.kubernetes)
          : target.manifests
            ? this.withProblemsLogged(target.name, collectManifests(target.manifests))
            : loadSnapshot(target.snapshot!);
      if (!target.kubeVersion)
        for (const c of collection.clusters ?? [])
          if (c.kubeVersionError)
            log.warn(
              'kubernetes version unknown: API versions are checked against the newest the rules know',
              {
                target: target.name,
                cluster: c.name,
                error: c.kubeVersionError,
              },
            );
      const result = await this.deps.scan(target, collection);
      status = result.status;
      log.info('scan finished', {
        target: target.name,
        scan: result.scanId,
        status: result.status,
        newFailures: result.newFailures,
        seconds: (Date.now() - started) / 1000,
      });
    } catch (error) {
      log.error('scan failed', { target: target.name, error: safeErrorMessage(error) });
    } finally {
      const key = `${target.name}\u0000${status}`;
      this.metrics.scans.set(key, (this.metrics.scans.get(key) ?? 0) + 1);
      this.metrics.lastDurationSeconds.set(target.name, (Date.now() - started) / 1000);
    }
    await this.deliver();
  }

  private withProblemsLogged(target: string, collection: ReturnType<typeof collectManifests>): Collection {
    for (const p of collection.problems)
      this.deps.log.warn('manifest problem', { target, file: p.file, line: p.line, reason: p.reason });
    for (const n of collection.notices)
      this.deps.log.info('manifest notice', { target, file: n.file, line: n.line, reason: n.reason });
    return collection;
  }

  private async deliver(): Promise<void> {
    if (!this.deps.config.notify.length) return;
    const result = await deliverPending(this.deps.store, this.deps.config.notify, new Date(), {
      log: (line, failed) => (failed ? this.deps.log.warn(line) : this.deps.log.info(line)),
    });
    this.metrics.alertsSent += result.delivered;
    this.metrics.alertsFailed += result.errors.length;
  }

  /** A target that has not scanned successfully for N intervals raises one alert per episode. */
  private async checkStale(now: Date): Promise<void> {
    const { store, config, log } = this.deps;
    let queued = false;
    for (const target of config.targets) {
      const lastOk = await store.scans.lastSucceeded(`daemon:${target.name}`);
      const intervalMs = this.scheduler?.intervalMs(target.name, now) ?? Number.POSITIVE_INFINITY;
      const key = `stale:${target.name}`;
      const alerted = await store.outbox.lastAlerted(key);
      const episode = lastOk?.toISOString() ?? 'never';
      if (!isStale({ lastOk, since: this.started, now, intervalMs, staleAfter: target.staleAfter })) continue;
      if (alerted === episode) continue;
      const message = {
        type: 'stance.stale',
        version: 1,
        target: target.name,
        lastSuccessfulScan: lastOk?.toISOString() ?? null,
        schedule: target.schedule,
        staleAfterIntervals: target.staleAfter,
        generatedAt: now.toISOString(),
        text: `Stance target "${target.name}" has had no successful scan ${lastOk ? `since ${lastOk.toISOString()}` : 'since the daemon started'} (schedule ${target.schedule}).`,
      };
      await store.transaction(async (tx) => {
        // One delivery id per (target, episode, channel): two daemons raising it at once queue it once.
        await tx.outbox.enqueue(
          config.notify.map((channel) => ({
            channel: channelId(channel),
            payload: JSON.stringify(message),
            deliveryId: derivedDeliveryId('stale', target.name, episode, channelId(channel)),
          })),
          now,
        );
        await tx.outbox.setLastAlerted(key, episode, now);
      });
      log.warn('target is stale', { target: target.name, lastSuccessfulScan: lastOk?.toISOString() ?? null });
      queued = true;
    }
    if (queued) await this.deliver();
  }

  /**
   * Distributed mode: an account whose scopes have had no successful run for longer than the
   * longest staleness window of the targets (a removed or closed organisation account gets no job;
   * an account whose jobs keep failing) raises one alert per account and episode. Scopes that
   * never succeeded are the target check's (above).
   */
  private async checkStaleScopes(now: Date): Promise<void> {
    const { store, config, log } = this.deps;
    const scheduler = this.scheduler;
    if (!scheduler || !config.notify.length) return;
    const windows = config.targets
      .map((t) => t.staleAfter * scheduler.intervalMs(t.name, now))
      .filter((ms) => Number.isFinite(ms));
    if (!windows.length) return;
    const window = Math.max(...windows);
    const byAccount = new Map<string, { keys: string[]; lastOk: number }>();
    for (const scope of await store.scans.scopeStates()) {
      if (!scope.lastOkAt) continue;
      const lastOk = Date.parse(scope.lastOkAt);
      if (now.getTime() - lastOk <= window) continue;
      const account = `${scope.provider}/${scope.account}`;
      const entry = byAccount.get(account) ?? { keys: [], lastOk: 0 };
      entry.keys.push(scope.key);
      entry.lastOk = Math.max(entry.lastOk, lastOk);
      byAccount.set(account, entry);
    }
    for (const [account, { keys, lastOk }] of byAccount) {
      const key = `stale-scope:${account}`;
      const episode = new Date(lastOk).toISOString();
      if ((await store.outbox.lastAlerted(key)) === episode) continue;
      const message = {
        type: 'stance.stale',
        version: 1,
        account,
        scopes: keys.slice(0, 20),
        staleScopes: keys.length,
        lastSuccessfulScan: episode,
        generatedAt: now.toISOString(),
        text: `Stance: ${keys.length} scope(s) of ${account} have had no successful scan since ${episode} (the account got no job, or its jobs keep failing).`,
      };
      await store.transaction(async (tx) => {
        await tx.outbox.enqueue(
          config.notify.map((channel) => ({
            channel: channelId(channel),
            payload: JSON.stringify(message),
            deliveryId: derivedDeliveryId('stale-scope', account, episode, channelId(channel)),
          })),
          now,
        );
        await tx.outbox.setLastAlerted(key, episode, now);
      });
      log.warn('scopes are stale', { account, scopes: keys.length, lastSuccessfulScan: episode });
    }
  }

  private async prune(): Promise<void> {
    this.lastPrune = Date.now();
    try {
      const result = await this.deps.store.prune({
        olderThan: cutoffFor(new Date(), parseRetention(this.deps.config.retention)),
      });
      this.deps.log.info('retention prune', {
        retention: this.deps.config.retention,
        history: result.findingHistory,
        scans: result.scans,
      });
    } catch (error) {
      this.deps.log.error('retention prune failed', { error: safeErrorMessage(error) });
    }
  }

  private async metricsText(): Promise<string> {
    const findings = await this.deps.store.findings.countByStatus();
    const lines = [
      '# HELP stance_scans_total Scans run by the daemon, by target and status.',
      '# TYPE stance_scans_total counter',
      ...[...this.metrics.scans].map(([key, n]) => {
        const [target, status] = key.split('\u0000');
        return `stance_scans_total{target="${target}",status="${status}"} ${n}`;
      }),
      '# HELP stance_scan_duration_seconds Duration of the last scan of each target.',
      '# TYPE stance_scan_duration_seconds gauge',
      ...[...this.metrics.lastDurationSeconds].map(
        ([target, s]) => `stance_scan_duration_seconds{target="${target}"} ${s}`,
      ),
      '# HELP stance_findings Current findings by status.',
      '# TYPE stance_findings gauge',
      ...findings.map((r) => `stance_findings{status="${r.status}"} ${r.count}`),
      '# HELP stance_alerts_sent_total Alert messages delivered.',
      '# TYPE stance_alerts_sent_total counter',
      `stance_alerts_sent_total ${this.metrics.alertsSent}`,
      '# HELP stance_alerts_failed_total Failed alert delivery attempts.',
      '# TYPE stance_alerts_failed_total counter',
      `stance_alerts_failed_total ${this.metrics.alertsFailed}`,
      ...(await this.distributedMetrics()),
    ];
    return lines.join('\n') + '\n';
  }

  private async distributedMetrics(): Promise<string[]> {
    const d = this.deps.distributed;
    if (!d) return [];
    const depth = d.queueDepth ? await d.queueDepth() : {};
    return [
      '# HELP stance_scheduler_leader Whether this daemon leads (enqueues the scheduled runs).',
      '# TYPE stance_scheduler_leader gauge',
      `stance_scheduler_leader ${this.leader?.held ? 1 : 0}`,
      '# HELP stance_runs_enqueued_total Runs this daemon enqueued, by target.',
      '# TYPE stance_runs_enqueued_total counter',
      ...[...this.enqueued].map(([target, n]) => `stance_runs_enqueued_total{target="${target}"} ${n}`),
      '# HELP stance_jobs Jobs in the queue by state.',
      '# TYPE stance_jobs gauge',
      ...Object.entries(depth).map(([state, n]) => `stance_jobs{state="${state}"} ${n}`),
    ];
  }

  private serveHealth(port: number, address: string): Promise<void> {
    this.server = createServer((req, res) => {
      if (req.method === 'GET' && req.url === '/healthz') {
        res.writeHead(this.stopping ? 503 : 200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            status: this.stopping ? 'stopping' : 'ok',
            ...(this.deps.distributed ? { role: this.leader?.held ? 'leader' : 'standby' } : {}),
            targets: this.deps.config.targets.map((t) => ({
              name: t.name,
              next: this.scheduler?.nextDue(t.name)?.toISOString() ?? null,
            })),
          }),
        );
      } else if (req.method === 'GET' && req.url === '/metrics') {
        this.metricsText().then(
          (text) => {
            res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
            res.end(text);
          },
          (error: unknown) => {
            this.deps.log.error('metrics failed', { error: safeErrorMessage(error) });
            res.writeHead(500).end();
          },
        );
      } else {
        res.writeHead(404).end();
      }
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
