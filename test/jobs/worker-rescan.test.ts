import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enqueueRun, openQueue } from '../../src/index.js';
import { openStore } from '../../src/store/index.js';
import { policyBundle } from '../../src/api/catalog.js';
import { parseConfig, type StanceConfig } from '../../src/config/load.js';
import { DEFAULT_WORKER_SETTINGS, Worker } from '../../src/jobs/worker.js';
import type { FetchedJob } from '../../src/jobs/queue.js';
import { collectJob, commitEvaluatedJob, evaluateJob } from '../../src/jobs/run-job.js';
import { jobKey } from '../../src/jobs/spec.js';
import { QUEUES } from '../../src/jobs/queue.js';
import { createEngine } from '../../src/policy/engine.js';
import type { PolicyEngine } from '../../src/policy/engine.js';
import type { LoadedBundle } from '../../src/policy/bundle.js';
import { fakeKubernetesApi, type FakeApi } from '../helpers/fake-k8s.js';
import { useJobsPostgres, type JobsPostgres } from '../helpers/jobs-postgres.js';
import { poll } from '../helpers/poll.js';
import { postgresEnabled } from '../helpers/postgres.js';

const pod = (name: string, privileged: boolean) => ({
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name, namespace: 'apps', uid: `uid-${name}` },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27', securityContext: { privileged } }] },
});

/** The engine, counting the resources it is given to evaluate and the verdicts it gives back. */
function counting(engine: PolicyEngine) {
  const count = { resources: 0, verdicts: 0 };
  const counted: PolicyEngine = {
    async evaluate(items) {
      count.resources += items.length;
      const out = await engine.evaluate(items);
      count.verdicts += out.length;
      return out;
    },
    evaluateGroups: engine.evaluateGroups
      ? (groups, window) =>
          engine.evaluateGroups!(groups, window).map((p, i) => {
            count.resources += groups[i]!.length;
            return p.then((out) => ((count.verdicts += out.length), out));
          })
      : undefined,
    stats: () => engine.stats(),
    close: () => engine.close(),
  };
  return { engine: counted, count };
}

// What a rescan writes, table by table: every row's transaction id and place (an insert, update
// or delete changes it).
const TABLES = ['resources', 'resource_versions', 'findings', 'finding_open', 'finding_closed'] as const;

// Issue 14, item 2: a worker's rescan costs what changed, as `stance scan`'s does.
describe.runIf(postgresEnabled())('worker jobs rescan only what changed (PostgreSQL)', () => {
  const postgres = useJobsPostgres();
  const objects = [pod('web', false), pod('db', true), pod('cache', false), pod('api', false)];
  let api: FakeApi;
  let dir: string;
  let config: StanceConfig;
  let bundle: LoadedBundle;
  let real: PolicyEngine;
  let client: pg.Client;

  beforeAll(async () => {
    api = await fakeKubernetesApi(objects);
    dir = mkdtempSync(join(tmpdir(), 'stance-worker-rescan-'));
    config = parseConfig(
      `targets:\n  - name: c\n    kubernetes: { kubeconfig: ${JSON.stringify(api.kubeconfig(dir))} }\n`,
      join(dir, 'stance.yaml'),
    );
    bundle = policyBundle();
    real = await createEngine({ bundle, threads: 1 });
    client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    await postgres.store.rules.sync(bundle.manifest.rules);
    await postgres.queue.ensureQueue(QUEUES.k8s);
  }, 120_000);
  afterAll(async () => {
    await client?.end();
    await real?.close();
    await api?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const fingerprint = async () => {
    const out: Record<string, string> = {};
    for (const table of TABLES)
      out[table] = (
        await client.query<{ f: string | null }>(
          `SELECT count(*) || ':' || coalesce(string_agg(xmin::text || ctid::text, ',' ORDER BY ctid), '') AS f FROM ${table}`,
        )
      ).rows[0]!.f!;
    return out;
  };
  const findings = async (db = client) =>
    (
      await db.query<{ resource: string; rule: string; status: string; message: string }>(
        `SELECT r.resource_id AS resource, ru.rule_id AS rule, f.status, f.message
         FROM findings f JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key
         WHERE r.deleted_at IS NULL ORDER BY 1, 2`,
      )
    ).rows;

  /** One run of target c by one in-process worker; the engine's counts for it. */
  async function workerRun(on: Pick<JobsPostgres, 'store' | 'queue'> = postgres) {
    const { engine, count } = counting(real);
    const { scanId } = await enqueueRun(on.store, on.queue, config.targets[0]!, {
      bundleVersion: bundle.manifest.version,
    });
    const log = { info: () => {}, warn: () => {}, error: (m: string, f?: unknown) => console.error(m, f) };
    const worker = new Worker(
      { store: on.store, queue: on.queue, config, bundle, engine, log },
      { ...DEFAULT_WORKER_SETTINGS, queues: [QUEUES.k8s], pollMs: 100, graceMs: 1_000 },
    );
    const running = worker.run();
    try {
      const scan = await poll(
        `scan ${scanId} finished`,
        async () => (await on.store.scans.list(20)).find((s) => s.id === scanId && s.status !== 'running'),
        { timeoutMs: 60_000 },
      );
      expect(scan.status).toBe('ok');
    } finally {
      await worker.stop('test over');
      await running;
    }
    return count;
  }

  it('the second run of the same input evaluates nothing and writes no resource or finding row', async () => {
    const first = await workerRun();
    expect(first.resources).toBeGreaterThan(0);
    const before = await fingerprint();
    const stored = await findings();
    expect(stored.some((f) => f.status === 'fail')).toBe(true);

    const second = await workerRun();
    expect(second).toEqual({ resources: 0, verdicts: 0 });
    expect(await fingerprint()).toEqual(before);
    expect(await findings()).toEqual(stored);
  }, 120_000);

  it('one changed pod: only it is evaluated, and the findings are those of a full run', async () => {
    const resourcesOf = (c: { resources: number }) => c.resources;
    const firstRun = await workerRun(); // the inventory as the previous test left it
    expect(resourcesOf(firstRun)).toBe(0);
    const before = await findings();
    (objects[1]!.spec.containers[0]!.securityContext as { privileged: boolean }).privileged = false;
    const changed = await workerRun();
    expect(changed.resources).toBe(1);
    const after = await findings();

    expect(after.filter((f) => f.resource.endsWith('/db') && f.status === 'fail')).not.toEqual(
      before.filter((f) => f.resource.endsWith('/db') && f.status === 'fail'),
    );

    expect(await fullRunFindings()).toEqual(after);
  }, 180_000);

  /** Pods whose privileged flag a test flips: the job's view and another run's. */
  const setPrivileged = (name: string, privileged: boolean) => {
    const found = objects.find((o) => o.metadata.name === name)!;
    (found.spec.containers[0]!.securityContext as { privileged: boolean }).privileged = privileged;
  };

  /**
   * Two runs planned on one database: `older` (planned first) and `job`. The job is collected and
   * evaluated from `jobView`; then the older run, collected from `otherView`, commits first (a slow
   * worker of an earlier scan); then the job commits through commitEvaluatedJob.
   */
  async function interleaved(jobView: () => void, otherView: () => void) {
    const db = await freshDb();
    try {
      await workerRun(db);
      const target = config.targets[0]!;
      const older = await enqueueRun(db.store, db.queue, target, { bundleVersion: bundle.manifest.version });
      const mine = await enqueueRun(db.store, db.queue, target, { bundleVersion: bundle.manifest.version });
      const fetched = [await db.queue.fetch(QUEUES.k8s), await db.queue.fetch(QUEUES.k8s)] as FetchedJob[];
      const jobOf = (scanId: number) => fetched.find((j) => j.job.scanId === scanId)!;
      const run = async (scanId: number, view: () => void) => {
        const job = jobOf(scanId);
        const key = jobKey(job.job);
        const token = (await db.store.distributed!.takeLease({
          key,
          holder: `w${scanId}`,
          jobId: job.id,
          ttlMs: 60_000,
        }))!;
        view();
        const collection = await collectJob(job.job, { config, signal: new AbortController().signal });
        const { engine, count } = counting(real);
        const evaluated = await evaluateJob(collection, target, config, bundle, engine, db.store.scans);
        const evaluatedFirst = { ...count };
        const revised: string[] = [];
        const commit = () =>
          commitEvaluatedJob(db.store.distributed!, {
            fence: { key, token, scanId },
            evaluated,
            engine,
            complete: (sql) => db.queue.complete(job.queue, job.id, sql),
            onRevised: (scope) => revised.push(scope),
          });
        return { evaluated, evaluatedFirst, count, revised, commit };
      };
      const job = await run(mine.scanId, jobView);
      const other = await run(older.scanId, otherView);
      expect((await other.commit()).outcome).toBe('committed');
      const committed = await job.commit();
      expect(committed.outcome).toBe('committed');
      jobView();
      expect(await db.store.checkInvariants()).toEqual([]);
      return { job, findings: await findings(db.client) };
    } finally {
      await db.close();
    }
  }

  it('a kept resource another run changed before the commit is evaluated then, and the fenced commit tried again', async () => {
    setPrivileged('db', true);
    setPrivileged('web', false);
    const { job, findings: after } = await interleaved(
      () => (setPrivileged('db', false), setPrivileged('web', false)),
      () => (setPrivileged('db', true), setPrivileged('web', true)),
    );
    // the job first evaluated db only (web, cache and api kept), then web, which the other run changed
    expect(job.evaluatedFirst.resources).toBe(1);
    expect(job.revised).toEqual([expect.stringMatching(/\/Pod$/)]);
    expect(job.count.resources).toBe(2);
    expect(after).toEqual(await fullRunFindings());
  }, 180_000);

  it('an unchanged scope another run changed before the commit is evaluated then, and the fenced commit tried again', async () => {
    setPrivileged('db', true);
    setPrivileged('web', false);
    const { job, findings: after } = await interleaved(
      () => setPrivileged('cache', false),
      () => setPrivileged('cache', true),
    );
    expect(job.evaluatedFirst.resources).toBe(0);
    expect(job.revised).toHaveLength(1);
    expect(job.count.resources).toBe(objects.length);
    expect(after).toEqual(await fullRunFindings());
  }, 180_000);

  /** A fresh database of the test's server, with its store, queue and a client. */
  async function freshDb() {
    const url = await postgres.server.databaseUrl();
    const store = await openStore(url);
    const queue = await openQueue(url, { supervise: false });
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    await store.rules.sync(bundle.manifest.rules);
    await queue.ensureQueue(QUEUES.k8s);
    return {
      store,
      queue,
      client: db,
      close: async () => {
        await db.end();
        await queue.close();
        await store.close();
      },
    };
  }

  /** The findings of the inventory as the fake API serves it now, evaluated in full on a fresh database. */
  async function fullRunFindings() {
    const db = await freshDb();
    try {
      const full = await workerRun(db);
      expect(full.resources).toBe(objects.length);
      return await findings(db.client);
    } finally {
      await db.close();
    }
  }
});
