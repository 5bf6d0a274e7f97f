import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/index.js';
import { FakeCloudTrailLookup } from '../helpers/fake-cloudtrail.js';
import { runStance, startStance, tempDir } from '../helpers/cli.js';
import { poll } from '../helpers/poll.js';
import { postgresEnabled, startPostgres, type PostgresServer } from '../helpers/postgres.js';
import { record as cloudTrailRecord } from '../detect/helpers.js';

/** A GuardDuty call of alice's, `n` minutes into the last half hour, with an id unique per region and n. */
const record = (n: number, region: string, name: string) =>
  cloudTrailRecord({
    eventTime: new Date(Date.now() - (30 - n) * 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'guardduty.amazonaws.com',
    eventName: name,
    awsRegion: region,
    requestParameters: { detectorId: `d-${n}` },
    requestID: `req-${region}-${n}`,
    eventID: `00000000-0000-4000-8000-${region === 'us-east-1' ? '1' : '2'}${String(n).padStart(11, '0')}`,
    readOnly: false,
    managementEvent: true,
  });

/** Waits for what the workers do; a probe that throws (store not ready yet) counts as no answer. */
const until = <T>(what: string, probe: () => Promise<T | undefined | false>) =>
  poll(what, probe, { timeoutMs: 60_000, probeErrors: 'not-yet' });

/**
 * Detection jobs run by real `stance worker` processes against a real PostgreSQL and a LookupEvents
 * fake whose us-east-1 answers a test can hold: a job of one state group never runs beside another
 * of its group, and a running group does not hold back another group's waiting job.
 */
describe.runIf(postgresEnabled())('stance worker runs detection jobs', () => {
  let server: PostgresServer;
  const fake = new FakeCloudTrailLookup();
  let held = false;
  let release: (() => void)[] = [];
  beforeAll(async () => {
    server = await startPostgres();
    await fake.start();
    fake.beforeAnswer = (region) =>
      region === 'us-east-1' && held ? new Promise<void>((r) => release.push(r)) : Promise.resolve();
  }, 120_000);
  afterAll(async () => {
    for (const r of release) r();
    await fake.close();
    await server?.stop();
  });

  it('runs each state group once at a time; a running group does not hold back another group', async () => {
    const dir = tempDir();
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      [
        'targets:',
        '  - name: trail-a',
        '    cloudtrail: { lookup: { regions: [us-east-1] } }',
        '  - name: trail-b',
        '    cloudtrail: { lookup: { regions: [eu-west-1] } }',
        '',
      ].join('\n'),
    );
    fake.add(record(1, 'us-east-1', 'DeleteDetector'));
    fake.add(record(2, 'eu-west-1', 'DeleteDetector'));
    const url = await server.databaseUrl();
    const env = {
      AWS_ENDPOINT_URL_CLOUDTRAIL: fake.endpoint,
      AWS_ACCESS_KEY_ID: 'testing',
      AWS_SECRET_ACCESS_KEY: 'stance-test-secret-never-stored',
      AWS_REGION: 'us-east-1',
      AWS_CONFIG_FILE: '/nonexistent',
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
      STANCE_JOB_RETRY_DELAY_SECONDS: '1',
      STANCE_JOB_MAINTENANCE_SECONDS: '1',
    };
    const enqueue = async (target: string) => {
      const r = await runStance(
        ['jobs', 'enqueue', '--target', target, '--config', config, '--db', url, '--format', 'json'],
        { env },
      );
      expect(r.code, r.stderr).toBe(0);
      return JSON.parse(r.stdout) as { scanId: number; jobs: { queue: string; key: string }[] };
    };
    // two runs of group trail-a queued ahead of one of trail-b
    held = true;
    const a1 = await enqueue('trail-a');
    const a2 = await enqueue('trail-a');
    const b1 = await enqueue('trail-b');
    expect(a1.jobs).toEqual([expect.objectContaining({ queue: 'stance.detect', key: 'detect:trail-a' })]);
    expect(b1.jobs).toEqual([expect.objectContaining({ queue: 'stance.detect', key: 'detect:trail-b' })]);
    const store = await openStore(url);
    const status = async (scanId: number) => (await store.scans.list()).find((s) => s.id === scanId)?.status;
    // two workers (a process runs one detection at a time: the store's detection state is per process)
    const workers = [0, 1].map(() =>
      startStance(['worker', '--config', config, '--db', url, '--lease-ttl', '5'], { env }),
    );
    let log = '';
    for (const w of workers) w.child.stderr!.on('data', (d: Buffer) => (log += d.toString()));
    try {
      await until('trail-a to be read (and held)', async () => fake.of('us-east-1').length > 0);
      // trail-b runs and finishes while trail-a's first job is held mid-read
      await until('trail-b to finish', async () => (await status(b1.scanId)) === 'ok').catch((e: Error) => {
        throw new Error(`${e.message}\n${log.slice(-4000)}`);
      });
      expect(await status(a1.scanId)).toBe('running');
      // the second trail-a job was fetched and put back: its group's lease is held
      await until('the second trail-a job to be put back', async () =>
        log.includes('another attempt of this job holds its lease'),
      );
      expect(fake.of('us-east-1')).toHaveLength(1);
      held = false;
      for (const r of release) r();
      release = [];
      await until(
        'both trail-a runs to finish',
        async () => (await status(a1.scanId)) === 'ok' && (await status(a2.scanId)) === 'ok',
      );
    } finally {
      held = false;
      for (const r of release) r();
      for (const w of workers) w.child.kill('SIGTERM');
    }
    for (const w of workers) {
      const done = await w.done;
      expect(done.code, done.stderr).toBe(0);
    }
    // the detection of each source was committed: its signal, once
    const signals = JSON.parse(
      (await runStance(['signals', 'list', '--format', 'json', '--db', url], { env })).stdout,
    ) as { ruleId: string; count: number }[];
    const detector = signals.filter((s) => s.ruleId === 'aws-ct-guardduty-detector-deleted');
    expect(detector.length).toBeGreaterThan(0);
    expect(detector.reduce((n, s) => n + s.count, 0)).toBe(2);
    expect(log).toContain('detection source read');
    await store.close();
  }, 180_000);
});
