import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../../src/store/index.js';
import { runStance, startStance, tempDir } from '../helpers/cli.js';
import { fakeKubernetesApi, type FakeApi } from '../helpers/fake-k8s.js';
import { postgresEnabled, startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { poll } from '../helpers/poll.js';

// Real worker processes (the built CLI) against a real PostgreSQL, real pg-boss and a fake
// Kubernetes API server that a test can hold mid-collection.

async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

// A probe that throws (a query while the schema is still being created) has no answer yet.
const until = <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000) =>
  poll(what, probe, { timeoutMs, probeErrors: 'not-yet' });

const pod = (name: string, privileged: boolean) => ({
  kind: 'Pod',
  apiVersion: 'v1',
  metadata: { name, namespace: 'apps', uid: `uid-${name}` },
  spec: { containers: [{ name: 'c', image: 'nginx:1.27', securityContext: { privileged } }] },
});

/** A gate the fake API awaits before each answer: closed, collection stalls mid-job. */
function gate() {
  let open = true;
  let waiters: (() => void)[] = [];
  let arrived = 0;
  return {
    get arrived() {
      return arrived;
    },
    close() {
      open = false;
      arrived = 0;
    },
    open() {
      open = true;
      for (const w of waiters) w();
      waiters = [];
    },
    wait: () => {
      arrived++;
      return open ? Promise.resolve() : new Promise<void>((r) => waiters.push(r));
    },
  };
}

const LEASE = ['--lease-ttl', '5'];

const ENV = {
  STANCE_JOB_RETRY_DELAY_SECONDS: '1',
  STANCE_JOB_MAINTENANCE_SECONDS: '1',
  STANCE_JOB_RETRY_LIMIT: '2',
};

describe.runIf(postgresEnabled())(
  'stance worker and stance jobs (distributed mode)',
  { timeout: 180_000 },
  () => {
    let server: PostgresServer;
    let api: FakeApi;
    const hold = gate();
    let dir: string;
    let configFile: string;
    beforeAll(async () => {
      server = await startPostgres();
      api = await fakeKubernetesApi([pod('web', true), pod('api', false)], { beforeAnswer: hold.wait });
      dir = tempDir('stance-worker-');
      configFile = join(dir, 'stance.yaml');
      writeFileSync(
        configFile,
        [
          'targets:',
          '  - name: c',
          `    kubernetes: { kubeconfig: ${JSON.stringify(api.kubeconfig(dir))} }`,
          '  - name: broken',
          `    kubernetes: { kubeconfig: ${JSON.stringify(join(dir, 'missing-kubeconfig'))} }`,
          '',
        ].join('\n'),
      );
    });
    afterAll(async () => {
      hold.open();
      await api?.close();
      await server?.stop();
    });

    const stance = (url: string, args: string[]) => runStance(['--db', url, ...args], { env: ENV });
    const worker = (url: string, args: string[] = []) => {
      // a short lease: an attempt that lost its worker is taken over within seconds
      const started = startStance(['--db', url, 'worker', '--config', configFile, ...LEASE, ...args], {
        env: ENV,
      });
      let log = '';
      started.child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
      return { ...started, log: () => log };
    };
    const scanStatus = async (store: Store, scanId: number) =>
      (await store.scans.list()).find((s) => s.id === scanId)?.status;
    const enqueue = async (url: string, target = 'c') => {
      const r = await stance(url, [
        'jobs',
        'enqueue',
        '--target',
        target,
        '--config',
        configFile,
        '--format',
        'json',
      ]);
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { scanId: number; jobs: { id: string; queue: string; key: string }[] };
    };

    it('runs a job and commits it; health and metrics; SIGTERM stops it cleanly', async () => {
      const url = await server.databaseUrl();
      const store = await openStore(url);
      const healthPort = await freePort();
      // another loopback address than the default 127.0.0.1: the health server listens where told
      const w = worker(url, ['--health-port', String(healthPort), '--health-address', '127.0.0.2']);
      try {
        const planned = await enqueue(url);
        expect(planned.jobs).toEqual([
          { id: expect.any(String), queue: 'stance.k8s', key: `${planned.scanId}:k8s/c` },
        ]);
        await until('the scan to finish', async () => (await scanStatus(store, planned.scanId)) === 'ok');
        const findings = await store.findings.current({ status: 'fail' });
        expect(findings.some((f) => f.resourceId.includes('/web'))).toBe(true);
        const health = await (await fetch(`http://127.0.0.2:${healthPort}/healthz`)).json();
        expect(health).toMatchObject({
          status: 'ok',
          running: 0,
          queues: ['stance.aws', 'stance.k8s', 'stance.detect'],
        });
        const metrics = await (await fetch(`http://127.0.0.2:${healthPort}/metrics`)).text();
        expect(metrics).toContain('stance_worker_jobs_total{queue="stance.k8s",outcome="committed"} 1');
        expect(metrics).toMatch(/stance_worker_store_latency_seconds_count \d+/);
        const listed = await stance(url, ['jobs', '--format', 'json']);
        expect(JSON.parse(listed.stdout)).toEqual([]);
      } finally {
        w.child.kill('SIGTERM');
      }
      const done = await w.done;
      expect(done.code, done.stderr).toBe(0);
      expect(done.stderr).toContain('stance worker stopped');
      await store.close();
    });

    it('the same job run twice commits once', async () => {
      const url = await server.databaseUrl();
      const store = await openStore(url);
      const planned = await enqueue(url);
      const w = worker(url);
      try {
        await until('the scan to finish', async () => (await scanStatus(store, planned.scanId)) === 'ok');
        // the same job sent again (a lost completion, a duplicated send): it runs, and commits nothing
        const { openQueue } = await import('../../src/index.js');
        const queue = await openQueue(url, { supervise: false });
        const [job] = await queue.enqueue([
          { kind: 'k8s', scanId: planned.scanId, target: 'c', cluster: 'c' },
        ]);
        await queue.close();
        expect(job!.id).not.toBeNull();
        await until('the second attempt to be refused', async () => w.log().includes('job not recorded'));
        expect((await store.distributed!.scanJobs()).filter((r) => r.scanId === planned.scanId)).toEqual([
          expect.objectContaining({ state: 'done', outcome: 'committed' }),
        ]);
        // completed in the refusing transaction: nothing left in the queue
        expect(JSON.parse((await stance(url, ['jobs', '--format', 'json'])).stdout)).toEqual([]);
      } finally {
        w.child.kill('SIGTERM');
      }
      const done = await w.done;
      expect(done.code, done.stderr).toBe(0);
      expect(done.stderr).toMatch(/job not recorded: scope k8s\/\S+ is already recorded in scan/);
      // one run per scope of the scan, whatever ran twice
      const runs = await store.scans.scopeStates();
      expect(runs.filter((s) => s.lastRunScan === planned.scanId).length).toBeGreaterThan(3);
      expect(await store.checkInvariants()).toEqual([]);
      await store.close();
    });

    it('SIGTERM: a job finishing within the grace period commits; one that does not is released and retried elsewhere', async () => {
      const url = await server.databaseUrl();
      const store = await openStore(url);
      // finishes within the grace period
      hold.close();
      let planned = await enqueue(url);
      let w = worker(url, ['--grace', '30']);
      await until('the job to be mid-collection', async () => hold.arrived > 0);
      w.child.kill('SIGTERM');
      await until('the worker to say it stops', async () => w.log().includes('"stopping"'));
      hold.open();
      let done = await w.done;
      expect(done.code, done.stderr).toBe(0);
      expect(await scanStatus(store, planned.scanId)).toBe('ok');

      // does not finish within it: released (back to the queue, no attempt counted), then run by another worker
      hold.close();
      planned = await enqueue(url);
      w = worker(url, ['--grace', '1']);
      await until('the job to be mid-collection', async () => hold.arrived > 0);
      w.child.kill('SIGTERM');
      done = await w.done;
      expect(done.code, done.stderr).toBe(0);
      expect(done.stderr).toContain('grace period over: releasing the job');
      expect(await scanStatus(store, planned.scanId)).toBe('running');
      const queued = JSON.parse(
        (await stance(url, ['jobs', '--state', 'queued', '--format', 'json'])).stdout,
      ) as {
        attempts: number;
        key: string;
      }[];
      expect(queued).toEqual([expect.objectContaining({ key: `${planned.scanId}:k8s/c`, attempts: 0 })]);
      hold.open();
      const next = worker(url);
      try {
        await until(
          'the released job to commit',
          async () => (await scanStatus(store, planned.scanId)) === 'ok',
        );
      } finally {
        next.child.kill('SIGTERM');
      }
      expect((await next.done).code).toBe(0);
      await store.close();
    });

    it('lists failed and dead-letter jobs, and retries one', async () => {
      const url = await server.databaseUrl();
      const planned = await enqueue(url, 'broken');
      const w = worker(url);
      let dead: { id: string; state: string; error: string; attempts: number; maxAttempts: number }[] = [];
      try {
        dead = await until('the job to be dead-lettered', async () => {
          const r = await stance(url, ['jobs', '--state', 'dead', '--format', 'json']);
          const list = JSON.parse(r.stdout) as typeof dead;
          return list.length ? list : undefined;
        });
      } finally {
        w.child.kill('SIGTERM');
      }
      expect((await w.done).code).toBe(0);
      expect(dead[0]).toMatchObject({
        state: 'dead',
        error: expect.stringMatching(/kubeconfig .*missing-kubeconfig/),
      });
      const failed = JSON.parse(
        (await stance(url, ['jobs', '--state', 'failed', '--format', 'json'])).stdout,
      );
      expect(failed).toEqual([
        expect.objectContaining({ key: `${planned.scanId}:k8s/broken`, attempts: 3, maxAttempts: 3 }),
      ]);
      const table = await stance(url, ['jobs']);
      expect(table.stdout).toMatch(/ID\s+STATE\s+QUEUE/);
      expect(table.stdout).toContain('dead');

      const retried = await stance(url, ['jobs', 'retry', dead[0]!.id]);
      expect(retried.code, retried.stderr).toBe(0);
      expect(retried.stdout).toContain(`is back in stance.k8s`);
      const after = JSON.parse((await stance(url, ['jobs', '--format', 'json'])).stdout) as {
        state: string;
      }[];
      expect(after.map((j) => j.state)).toEqual(['queued']);
      const again = await stance(url, ['jobs', 'retry', dead[0]!.id]);
      expect(again.code).toBe(2);
      expect(again.stderr).toMatch(/no such job/);
      const bad = await stance(url, ['jobs', 'retry', 'not-an-id']);
      expect(bad.code).toBe(2);
      expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    });

    it('a job that fails every attempt: its scopes are recorded as errors and its scan finishes (partial), not running forever', async () => {
      const url = await server.databaseUrl();
      const store = await openStore(url);
      const { openQueue } = await import('../../src/index.js');
      const queue = await openQueue(url, { supervise: false, retryLimit: 2, retryDelaySeconds: 1 });
      let scanId: number;
      try {
        const jobs = (id: number) => [
          { kind: 'k8s' as const, scanId: id, target: 'c', cluster: 'c' },
          { kind: 'k8s' as const, scanId: id, target: 'broken', cluster: 'broken' },
        ];
        await queue.ensureQueues(jobs(0));
        // one scan waiting for two jobs: one commits, the other fails every attempt (no kubeconfig)
        scanId = await store.distributed!.planScan(
          { startedAt: new Date(), bundleVersion: 'test', command: 'jobs:dead-test' },
          async (id, sql) =>
            (await queue.enqueue(jobs(id), { sql })).map((e) => ({
              key: e.key,
              queue: e.queue,
              jobId: e.id,
            })),
        );
      } finally {
        await queue.close();
      }
      const w = worker(url);
      let status: string | undefined;
      try {
        status = await until(
          'the scan to finish',
          async () => {
            const s = await scanStatus(store, scanId);
            return s !== 'running' && s;
          },
          90_000,
        );
      } finally {
        w.child.kill('SIGTERM');
      }
      expect((await w.done).code).toBe(0);
      expect(status).toBe('partial');
      const jobsOf = (await store.distributed!.scanJobs()).filter((r) => r.scanId === scanId);
      expect(jobsOf.map((r) => [r.key, r.state, r.outcome]).sort()).toEqual([
        [`${scanId}:k8s/broken`, 'done', 'dead'],
        [`${scanId}:k8s/c`, 'done', 'committed'],
      ]);
      // the dead job's scopes: errors of this scan (not observed), with the job's last error
      const broken = (await store.scans.scopeStates()).filter((s) => s.key.startsWith('k8s/broken/'));
      expect(broken.length).toBeGreaterThan(10);
      for (const s of broken) {
        expect([s.key, s.lastRunScan, s.lastRunStatus]).toEqual([s.key, scanId, 'error']);
        expect(s.lastError).toMatch(/failed every attempt: .*missing-kubeconfig/);
      }
      expect(await store.checkInvariants()).toEqual([]);
      await store.close();
    });

    it('survives a PostgreSQL restart mid-job, and an outage at commit time: the job is retried and commits once', async () => {
      const url = await server.databaseUrl();
      const store = await openStore(url);
      hold.close();
      const first = await enqueue(url);
      const w = worker(url);
      try {
        // restarted while the job collects: the worker reconnects, the commit goes through
        await until('the job to be mid-collection', async () => hold.arrived > 0);
        server.restart();
        hold.open();
        await until('the first scan to finish', async () => (await scanStatus(store, first.scanId)) === 'ok');
        // down when the job commits: the attempt fails, the worker waits the outage out, the job is retried
        hold.close();
        const second = await enqueue(url);
        await until('the second job to be mid-collection', async () => hold.arrived > 0);
        const outage = server.stopFor(3_000);
        hold.open();
        await outage;
        await until(
          'the second scan to finish',
          async () => (await scanStatus(store, second.scanId)) === 'ok',
        );
        expect(w.child.exitCode).toBeNull();
        expect(w.log()).toMatch(/"msg":"job failed"/);
        expect(
          (await store.distributed!.scanJobs()).filter((r) => r.state === 'done').map((r) => r.outcome),
        ).toEqual(['committed', 'committed']);
        expect(
          (await store.scans.scopeStates()).filter((s) => s.lastRunScan === second.scanId).length,
        ).toBeGreaterThan(3);
      } finally {
        w.child.kill('SIGTERM');
      }
      const done = await w.done;
      if (process.env.STANCE_TEST_LOG) writeFileSync(process.env.STANCE_TEST_LOG, done.stderr);
      expect(done.code, done.stderr).toBe(0);
      expect(await store.checkInvariants()).toEqual([]);
      await store.close();
    });

    it('refuses a lease or health address out of bounds with one line, before connecting', async () => {
      const unreachable = 'postgres://stance@127.0.0.1:1/none';
      for (const [args, message] of [
        [['--lease-ttl', '1'], /--lease-ttl 1: expected a whole number from 2 to 86400/],
        [['--lease-ttl', '90000'], /--lease-ttl 90000: expected a whole number from 2 to 86400/],
        [['--lease-ttl', '5s'], /--lease-ttl 5s: expected a whole number/],
        [['--health-address', 'example.com'], /--health-address example.com: expected an IP address/],
      ] as const) {
        const r = await runStance(['--db', unreachable, 'worker', '--config', configFile, ...args]);
        expect([args, r.code]).toEqual([args, 2]);
        const lines = r.stderr.trim().split('\n');
        expect(lines).toHaveLength(1);
        expect(lines[0]).toMatch(message);
      }
    });

    it('refuses an SQLite database with one line', async () => {
      const r = await runStance(['--db', join(dir, 'file.db'), 'worker', '--config', configFile]);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(
          /stance worker: distributed mode needs PostgreSQL: give --db postgres:\/\/.*file\.db is a file \(SQLite\)/,
        ),
      ]);
      const jobs = await runStance(['--db', join(dir, 'file.db'), 'jobs']);
      expect(jobs.code).toBe(2);
    });
  },
);
