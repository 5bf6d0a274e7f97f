import { describe, expect, it } from 'vitest';
import { enqueueRun } from '../../src/index.js';
import { parseConfig } from '../../src/config/load.js';
import type { FetchedJob } from '../../src/jobs/queue.js';
import { jobKey } from '../../src/jobs/spec.js';
import type { StoreTx } from '../../src/store/index.js';
import type { ScopeRef } from '../../src/types.js';
import { useJobsPostgres } from '../helpers/jobs-postgres.js';
import { postgresEnabled } from '../helpers/postgres.js';

const config = parseConfig(
  `targets:
  - name: c
    kubernetes: { context: a }
`,
  'stance.yaml',
);
const target = config.targets[0]!;
const scope: ScopeRef = {
  key: 'k8s/a/Pod',
  provider: 'k8s',
  account: 'a',
  region: 'cluster',
  service: 'Pod',
};
const record = (scanId: number) => async (tx: StoreTx) =>
  tx.scans.recordScopeRun(scanId, scope, {
    status: 'ok',
    startedAt: new Date(),
    finishedAt: new Date(),
    resources: [
      {
        id: 'k8s://a/Pod/p',
        type: 'k8s.Pod',
        provider: 'k8s',
        account: 'a',
        region: 'cluster',
        name: 'p',
        tags: {},
        config: { v: 1 },
      },
    ],
    evaluations: [],
  });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// The fence of docs/scale-out.md against a real PostgreSQL and real pg-boss: a job's result counts once.
describe.runIf(postgresEnabled())('the fenced commit', () => {
  const pg = useJobsPostgres();

  const scopeRuns = async (scanId: number) =>
    (await pg.store.scans.scopeStates()).filter((s) => s.key === scope.key && s.lastRunScan === scanId)
      .length;
  const plan = async () => {
    const run = await enqueueRun(pg.store, pg.queue, target, { bundleVersion: 'test' });
    const job = (await pg.queue.fetch('stance.k8s')) as FetchedJob;
    expect(job.job.scanId).toBe(run.scanId);
    return { scanId: run.scanId, job, key: jobKey(job.job) };
  };
  const d = () => pg.store.distributed!;
  const jobState = async (job: FetchedJob) => (await pg.queue.getJob(job.queue, job.id))?.state;

  it('commits the result, completes the queue job in the same transaction and finishes the scan', async () => {
    const { scanId, job, key } = await plan();
    const token = (await d().takeLease({ key, holder: 'w1', jobId: job.id, ttlMs: 10_000 }))!;
    const result = await d().fencedCommit(
      { key, token, scanId, scopes: [scope.key] },
      record(scanId),
      (sql) => pg.queue.complete(job.queue, job.id, sql),
    );
    expect(result).toMatchObject({ outcome: 'committed', scanFinished: true });
    expect(await jobState(job)).toBe('completed');
    expect((await pg.store.scans.list()).find((s) => s.id === scanId)?.status).toBe('ok');
    expect(await scopeRuns(scanId)).toBe(1);
    // the lease went with the commit
    expect(await d().takeLease({ key, holder: 'w2', jobId: job.id, ttlMs: 10_000 })).toBeTruthy();
  });

  it('a second attempt of the same job commits nothing (one run per scan and scope)', async () => {
    const { scanId, job, key } = await plan();
    const first = (await d().takeLease({ key, holder: 'w1', jobId: job.id, ttlMs: 10_000 }))!;
    await d().fencedCommit(
      { key, token: first, scanId, scopes: [scope.key] },
      record(scanId),
      async () => {},
    );
    // the completion was lost (a crash after commit): the job runs again and tries to commit
    const second = (await d().takeLease({ key, holder: 'w2', jobId: job.id, ttlMs: 10_000 }))!;
    let wrote = false;
    const again = await d().fencedCommit(
      { key, token: second, scanId, scopes: [scope.key] },
      async (tx) => {
        wrote = true;
        return record(scanId)(tx);
      },
      (sql) => pg.queue.complete(job.queue, job.id, sql),
    );
    expect(again.outcome).toBe('duplicate');
    expect(wrote).toBe(false);
    expect(await jobState(job)).toBe('completed');
    expect(await scopeRuns(scanId)).toBe(1);
    // and the unique (scan, scope) constraint holds even past the fence
    const third = (await d().takeLease({ key, holder: 'w3', jobId: job.id, ttlMs: 10_000 }))!;
    await expect(
      d().fencedCommit({ key, token: third, scanId, scopes: [] }, record(scanId), async () => {}),
    ).rejects.toThrow(/already recorded in scan/);
  });

  it('an expired lease commits nothing and leaves the queue job active; a taken-over one too', async () => {
    const { scanId, job, key } = await plan();
    const token = (await d().takeLease({ key, holder: 'w1', jobId: job.id, ttlMs: 200 }))!;
    await sleep(350);
    const lost = await d().fencedCommit({ key, token, scanId, scopes: [scope.key] }, record(scanId), (sql) =>
      pg.queue.complete(job.queue, job.id, sql),
    );
    expect(lost.outcome).toBe('lost');
    expect(await jobState(job)).toBe('active');
    expect(await scopeRuns(scanId)).toBe(0);
    // taken over by another attempt: the paused worker's token is dead even before expiry
    const other = (await d().takeLease({ key, holder: 'w2', jobId: job.id, ttlMs: 10_000 }))!;
    expect(
      (await d().fencedCommit({ key, token, scanId, scopes: [scope.key] }, record(scanId), async () => {}))
        .outcome,
    ).toBe('lost');
    expect(
      (
        await d().fencedCommit({ key, token: other, scanId, scopes: [scope.key] }, record(scanId), (sql) =>
          pg.queue.complete(job.queue, job.id, sql),
        )
      ).outcome,
    ).toBe('committed');
    expect(await scopeRuns(scanId)).toBe(1);
  });

  it('refuses a straggler: a scope already recorded by a later scan', async () => {
    const older = await plan();
    const newer = await plan();
    const t2 = (await d().takeLease({ key: newer.key, holder: 'w', jobId: newer.job.id, ttlMs: 10_000 }))!;
    expect(
      (
        await d().fencedCommit(
          { key: newer.key, token: t2, scanId: newer.scanId, scopes: [scope.key] },
          record(newer.scanId),
          async () => {},
        )
      ).outcome,
    ).toBe('committed');
    const t1 = (await d().takeLease({ key: older.key, holder: 'w', jobId: older.job.id, ttlMs: 10_000 }))!;
    const stale = await d().fencedCommit(
      { key: older.key, token: t1, scanId: older.scanId, scopes: [scope.key] },
      record(older.scanId),
      (sql) => pg.queue.complete(older.job.queue, older.job.id, sql),
    );
    expect(stale).toMatchObject({ outcome: 'stale' });
    expect(stale.outcome === 'stale' && stale.reason).toMatch(/later scan/);
    expect(await scopeRuns(older.scanId)).toBe(0);
    expect(await jobState(older.job)).toBe('completed');
  });
});
