import { describe, expect, it } from 'vitest';
import { enqueueRun, openQueue } from '../../src/index.js';
import { parseConfig } from '../../src/config/load.js';
import type { AwsJob } from '../../src/jobs/spec.js';
import { useJobsPostgres } from '../helpers/jobs-postgres.js';
import { postgresEnabled } from '../helpers/postgres.js';

const config = parseConfig(
  `targets:
  - name: prod
    aws:
      regions: [eu-west-1, us-east-1]
      roleArns: [arn:aws:iam::111111111111:role/stance, arn:aws:iam::222222222222:role/stance]
  - name: cluster
    kubernetes: { context: kind-a }
  - name: files
    manifests: [deploy/]
`,
  'stance.yaml',
);
const target = (name: string) => config.targets.find((t) => t.name === name)!;

describe.runIf(postgresEnabled())('job queue (pg-boss 10) and planning a run', () => {
  const pg = useJobsPostgres();

  it('opens from many processes at once on a fresh database (queue creation that deadlocks is tried again)', async () => {
    for (let round = 0; round < 3; round++) {
      const url = await pg.server.databaseUrl();
      const opened = await Promise.allSettled(
        Array.from({ length: 6 }, () => openQueue(url, { supervise: false })),
      );
      await Promise.all(opened.map((o) => (o.status === 'fulfilled' ? o.value.close() : undefined)));
      const failed = opened.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(failed.map((o) => String(o.reason))).toEqual([]);
    }
  });

  it('plans one job per (account, region group) and one for global services, in one scan', async () => {
    const run = await enqueueRun(pg.store, pg.queue, target('prod'), { bundleVersion: 'test' });
    expect(run.jobs.map((j) => j.key).sort()).toEqual(
      [
        'aws/111111111111/eu-west-1',
        'aws/111111111111/global',
        'aws/111111111111/us-east-1',
        'aws/222222222222/eu-west-1',
        'aws/222222222222/global',
        'aws/222222222222/us-east-1',
      ].map((k) => `${run.scanId}:${k}`),
    );
    expect(run.jobs.every((j) => j.queue === 'stance.aws' && j.id !== null)).toBe(true);
    const rows = await pg.store.distributed!.scanJobs();
    expect(rows.filter((r) => r.scanId === run.scanId)).toHaveLength(6);
    expect((await pg.store.scans.list()).find((s) => s.id === run.scanId)).toMatchObject({
      status: 'running',
      command: 'jobs:prod',
    });

    // the same job sent again while the first waits is not queued twice (singletonKey = jobKey)
    const again = await pg.queue.enqueue([run.jobs[0]!.job]);
    expect(again[0]!.id).toBeNull();

    const fetched = await pg.queue.fetch('stance.aws');
    expect(fetched?.job.kind).toBe('aws');
    expect((fetched!.job as AwsJob).scanId).toBe(run.scanId);
    await pg.queue.complete(fetched!.queue, fetched!.id);
  });

  it('a private cluster gets its own queue; manifests are refused with one line', async () => {
    const run = await enqueueRun(pg.store, pg.queue, target('cluster'), {
      bundleVersion: 'test',
      privateClusters: new Set(['kind-a']),
    });
    expect(run.jobs.map((j) => [j.queue, j.key])).toEqual([
      ['stance.k8s.kind-a', `${run.scanId}:k8s/kind-a`],
    ]);
    expect((await pg.queue.fetch('stance.k8s.kind-a'))?.job).toMatchObject({
      kind: 'k8s',
      cluster: 'kind-a',
    });
    await expect(enqueueRun(pg.store, pg.queue, target('files'), { bundleVersion: 'test' })).rejects.toThrow(
      /target files: distributed mode runs aws, kubernetes and cloudtrail targets/,
    );
  });
});
