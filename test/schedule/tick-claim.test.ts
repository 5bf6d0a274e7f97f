import { describe, expect, it } from 'vitest';
import type { JobQueue } from '../../src/index.js';
import { parseConfig } from '../../src/config/load.js';
import type { Logger } from '../../src/log.js';
import { Daemon } from '../../src/schedule/daemon.js';
import { distributedDeps } from '../../src/schedule/plan.js';
import { useJobsPostgres } from '../helpers/jobs-postgres.js';
import { poll } from '../helpers/poll.js';
import { postgresEnabled } from '../helpers/postgres.js';

const config = parseConfig(
  `targets:
  - name: every-second
    schedule: "* * * * * *"
    kubernetes: { cluster: lab }
daemon:
  jitterSeconds: 0
`,
  'stance.yaml',
);

/** Waits for what the daemons do (a probe that throws fails the test). */
const until = <T>(what: string, probe: () => Promise<T | undefined | false>) =>
  poll(what, probe, { timeoutMs: 30_000, intervalMs: 100 });

const quiet: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A leader that dies between claiming a (schedule, due time) tick and enqueuing its run must not
 * lose that run: the next leader enqueues it (docs/scale-out.md, "The scheduler").
 */
describe.runIf(postgresEnabled())('scheduler tick claim and enqueue', () => {
  const pg = useJobsPostgres();

  it('a leader killed between the claim and the enqueue: the next leader enqueues that tick once', async () => {
    const coordination = pg.store.scheduling!;
    const leaderA: { daemon?: Daemon } = {};
    let sends = 0;
    // The first leader's second run dies in the middle: after its tick is claimed (the old code
    // committed the claim on its own), inside the enqueue. The daemon stops there, as if killed.
    const dying = new Proxy(pg.queue, {
      get(target, prop) {
        if (prop === 'enqueue')
          return async (...args: Parameters<JobQueue['enqueue']>) => {
            if (++sends === 2) {
              void leaderA.daemon!.stop('killed');
              throw new Error('killed between the tick claim and the enqueue');
            }
            return target.enqueue(...args);
          };
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
    const scan = () => Promise.reject(new Error('a daemon on PostgreSQL does not scan'));
    const daemonA = new Daemon({
      store: pg.store,
      config,
      log: quiet,
      scan,
      distributed: distributedDeps(pg.store, coordination, dying),
    });
    leaderA.daemon = daemonA;
    const aStopped = daemonA.start();
    await until('the first leader to die mid-enqueue', async () => sends >= 2);
    await aStopped;
    const before = await coordination.ticks('every-second');
    // the run the first leader enqueued, and (old code) the tick it claimed without a run
    expect(before.filter((t) => t.scanId !== null)).toHaveLength(1);
    const first = before.find((t) => t.scanId !== null)!.due.getTime();

    const daemonB = new Daemon({
      store: pg.store,
      config,
      log: quiet,
      scan,
      distributed: distributedDeps(pg.store, coordination, pg.queue),
    });
    const bStopped = daemonB.start();
    try {
      // the tick after the first run is enqueued (by the next leader), with a scan
      const next = await until('the next leader to enqueue the lost tick', async () =>
        (await coordination.ticks('every-second')).find(
          (t) => t.due.getTime() === first + 1_000 && t.scanId !== null,
        ),
      );
      expect(next.claimedBy).not.toBe(before.find((t) => t.scanId !== null)!.claimedBy);
    } finally {
      await daemonB.stop('test over');
      await bStopped;
    }
    // every claimed tick has its run: none claimed without one, none twice
    const after = await coordination.ticks('every-second');
    expect(after.filter((t) => t.scanId === null)).toEqual([]);
    expect(new Set(after.map((t) => t.scanId)).size).toBe(after.length);
  }, 90_000);
});
