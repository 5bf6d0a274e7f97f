/**
 * `stance detect cloudtrail --s3` as a subprocess against moto's S3 (a real AWS API emulator on
 * loopback), behind a loopback proxy that logs every request so the test sees which objects were
 * read; and `--lookup` against a small FAKE of CloudTrail LookupEvents (test/helpers/
 * fake-cloudtrail.ts), because moto does not implement LookupEvents.
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FailingProxy, freePort, startMoto, stopMoto } from '../helpers/aws.js';
import { FakeCloudTrailLookup } from '../helpers/fake-cloudtrail.js';
import { runStance, tempDir } from '../helpers/cli.js';

const DAY = 24 * 3600_000;
const ACCOUNT = '111122223333';
const ORG = 'o-a1b2c3d4e5';
const MEMBER = '444455556666';
const BUCKET = 'org-cloudtrail-logs';

let port: number;
let moto: string;
let proxy: FailingProxy;
let s3: S3Client;
let env: NodeJS.ProcessEnv;
let n = 0;

/** A realistic CloudTrail record at a time; fields overridden. */
function event(time: number, overrides: Record<string, unknown> = {}) {
  n++;
  const account = (overrides.recipientAccountId as string | undefined) ?? ACCOUNT;
  return {
    eventVersion: '1.09',
    userIdentity: {
      type: 'IAMUser',
      principalId: 'AIDAEXAMPLE',
      arn: `arn:aws:iam::${account}:user/alice`,
      accountId: account,
      userName: 'alice',
    },
    eventTime: new Date(time).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    eventSource: 'ec2.amazonaws.com',
    eventName: 'DescribeInstances',
    awsRegion: 'us-east-1',
    sourceIPAddress: '203.0.113.10',
    userAgent: 'aws-cli/2.15.30 Python/3.11.8 Linux/6.1',
    requestParameters: null,
    responseElements: null,
    requestID: `req-${n}`,
    eventID: `5e0c0000-0000-4000-8000-${String(n).padStart(12, '0')}`,
    readOnly: true,
    eventType: 'AwsApiCall',
    managementEvent: true,
    recipientAccountId: account,
    eventCategory: 'Management',
    ...overrides,
  };
}

const failedLogin = (time: number, ip: string) =>
  event(time, {
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventType: 'AwsConsoleSignIn',
    sourceIPAddress: ip,
    responseElements: { ConsoleLogin: 'Failure' },
  });

function dayPath(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}/${String(d.getUTCMonth() + 1).padStart(2, '0')}/${String(d.getUTCDate()).padStart(2, '0')}`;
}

/** Where CloudTrail writes a file: account or organization layout, with its file name convention. */
function trailKey(
  layout: 'account' | 'org',
  account: string,
  region: string,
  ms: number,
  unique: string,
): string {
  const stamp = new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 13) + 'Z';
  const root = layout === 'org' ? `trails/AWSLogs/${ORG}/${account}` : `trails/AWSLogs/${account}`;
  return `${root}/CloudTrail/${region}/${dayPath(ms)}/${account}_CloudTrail_${region}_${stamp}_${unique}.json.gz`;
}

async function put(key: string, records: unknown[]): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: gzipSync(JSON.stringify({ Records: records })) }),
  );
}

/** Keys fetched with GetObject, as the proxy saw them (path-style: /bucket/key; listings are /bucket?list-type=2). */
function objectsRead(): string[] {
  return proxy.log
    .filter((line) => line.startsWith(`GET /${BUCKET}/`) && !/[?&]list-type=2/.test(line))
    .map((line) => decodeURIComponent(line.slice(`GET /${BUCKET}/`.length).split('?')[0]!))
    .sort();
}

interface SignalJson {
  ruleId: string;
  group: Record<string, string>;
  count: number;
  firstSeen: string;
  lastSeen: string;
  eventIds: string[];
  severity: string;
  status: string;
}

async function signals(db: string, e = env): Promise<SignalJson[]> {
  const out = await runStance(['signals', '--format', 'json', '--db', db], { env: e });
  expect(out.code, out.stderr).toBe(0);
  return JSON.parse(out.stdout) as SignalJson[];
}

/** What must be identical between an incremental database and one read in one run. */
const comparable = (list: SignalJson[]) =>
  list
    .map((s) => ({
      ruleId: s.ruleId,
      group: s.group,
      count: s.count,
      firstSeen: s.firstSeen,
      lastSeen: s.lastSeen,
      severity: s.severity,
      status: s.status,
      eventIds: [...s.eventIds].sort(),
    }))
    .sort((a, b) =>
      `${a.ruleId} ${JSON.stringify(a.group)}`.localeCompare(`${b.ruleId} ${JSON.stringify(b.group)}`),
    );

async function detectS3(db: string, ...args: string[]) {
  const out = await runStance(
    ['detect', 'cloudtrail', '--s3', `s3://${BUCKET}/trails`, '--db', db, '--format', 'json', ...args],
    { env },
  );
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout) as {
    events: number;
    duplicates: number;
    newSignals: SignalJson[];
    source: { read: number; unchanged: number; folders: number };
  };
}

beforeAll(async () => {
  port = await freePort();
  moto = startMoto(port);
  proxy = new FailingProxy(new URL(moto));
  await proxy.start();
  s3 = new S3Client({
    region: 'us-east-1',
    endpoint: moto,
    forcePathStyle: true,
    credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' },
  });
  await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
  env = {
    AWS_ENDPOINT_URL: proxy.endpoint,
    AWS_ACCESS_KEY_ID: 'testing',
    AWS_SECRET_ACCESS_KEY: 'stance-test-secret-never-stored',
    AWS_REGION: 'us-east-1',
    AWS_CONFIG_FILE: '/nonexistent',
    AWS_SHARED_CREDENTIALS_FILE: '/nonexistent',
    STANCE_AWS_MAX_ATTEMPTS: '3',
  };
}, 300_000);

afterAll(async () => {
  s3?.destroy();
  await proxy?.close();
  if (port) stopMoto(port);
});

describe('stance detect cloudtrail --s3 against moto S3', () => {
  it('reads both layouts, skips digests and days outside the lookback, then only new, late and re-written objects; same signals as one run', async () => {
    const now = Date.now();
    const today = Math.floor(now / DAY) * DAY;
    const d2 = today - 2 * DAY; // oldest day folder in the default 2-day lookback
    const d1 = today - DAY;
    const old = today - 5 * DAY; // outside the lookback

    // Round 1: account trail (two regions) and an organization trail, digests, an old day folder.
    const stop = event(d2 + 3600_000, {
      eventSource: 'cloudtrail.amazonaws.com',
      eventName: 'StopLogging',
      requestParameters: { name: 'main' },
    });
    const rewritten = trailKey('account', ACCOUNT, 'us-east-1', d2 + 3600_000, 'A1');
    await put(rewritten, [event(d2 + 3500_000), stop]);
    // Failed sign-ins just before midnight: the last file of the day arrives late, after today's first files.
    const night = d1 + DAY - 10 * 60_000;
    const logins = Array.from({ length: 8 }, (_, i) => failedLogin(night + i * 30_000, '198.51.100.66'));
    await put(trailKey('account', ACCOUNT, 'us-east-1', night, 'B1'), logins.slice(0, 4));
    await put(trailKey('account', ACCOUNT, 'us-east-1', night + 120_000, 'B2'), logins.slice(4));
    await put(trailKey('account', ACCOUNT, 'eu-west-1', d1 + 3600_000, 'C1'), [
      event(d1 + 3600_000, {
        awsRegion: 'eu-west-1',
        eventSource: 'guardduty.amazonaws.com',
        eventName: 'DeleteDetector',
        requestParameters: { detectorId: '12abc34d567e8fa901bc2d34e56789f0' },
      }),
    ]);
    await put(trailKey('org', MEMBER, 'us-east-1', today + 60_000, 'D1'), [
      event(today + 60_000, {
        recipientAccountId: MEMBER,
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'DeleteTrail',
        requestParameters: { name: 'org-trail' },
      }),
    ]);
    await put(trailKey('account', ACCOUNT, 'us-east-1', old, 'OLD'), [
      event(old, { eventSource: 'kms.amazonaws.com', eventName: 'ScheduleKeyDeletion' }),
    ]);
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `trails/AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/${dayPath(d1)}/${ACCOUNT}_CloudTrail-Digest_us-east-1_trail_x.json.gz`,
        Body: gzipSync('{"digestPublicKeyFingerprint":"x"}'),
      }),
    );
    await s3.send(
      new PutObjectCommand({
        Bucket: BUCKET,
        Key: `trails/AWSLogs/${ORG}/${MEMBER}/CloudTrail-Digest/us-east-1/${dayPath(today)}/${MEMBER}_CloudTrail-Digest_us-east-1_t.json.gz`,
        Body: gzipSync('{}'),
      }),
    );

    const db = join(tempDir(), 'incremental.db');
    proxy.reset();
    const first = await detectS3(db);
    expect(first.source.folders).toBe(3); // 111122223333 us-east-1 and eu-west-1, o-…/444455556666 us-east-1
    expect(objectsRead()).toEqual(
      [
        rewritten,
        trailKey('account', ACCOUNT, 'us-east-1', night, 'B1'),
        trailKey('account', ACCOUNT, 'us-east-1', night + 120_000, 'B2'),
        trailKey('account', ACCOUNT, 'eu-west-1', d1 + 3600_000, 'C1'),
        trailKey('org', MEMBER, 'us-east-1', today + 60_000, 'D1'),
      ].sort(),
    );
    expect(first.newSignals.map((s) => s.ruleId).sort()).toEqual([
      'aws-ct-cloudtrail-delete-trail',
      'aws-ct-cloudtrail-stop-logging',
      'aws-ct-guardduty-detector-deleted',
    ]);
    // Day folders are listed only within the window: the old folder is never listed, digests are never read.
    expect(
      proxy.log.some((l) => l.includes(encodeURIComponent(dayPath(old))) || l.includes(dayPath(old))),
    ).toBe(false);

    // The 5-minute cron, nothing new: every object is skipped by its checkpoint.
    proxy.reset();
    const idle = await detectS3(db);
    expect(objectsRead()).toEqual([]);
    expect(idle).toMatchObject({ events: 0, source: { read: 0, unchanged: 5 } });

    // Round 2: a new object, a late object into yesterday's folder (completing a brute force, within
    // the allowed lateness of today's first events), and an object re-written with one more event (new ETag).
    const late = trailKey('account', ACCOUNT, 'us-east-1', night + 240_000, 'B3');
    await put(
      late,
      Array.from({ length: 4 }, (_, i) => failedLogin(night + 240_000 + i * 30_000, '198.51.100.66')),
    );
    const fresh = trailKey('org', MEMBER, 'us-east-1', today + 120_000, 'D2');
    await put(fresh, [
      event(today + 120_000, {
        recipientAccountId: MEMBER,
        eventSource: 'kms.amazonaws.com',
        eventName: 'ScheduleKeyDeletion',
        requestParameters: { keyId: 'k-1', pendingWindowInDays: 7 },
      }),
    ]);
    await put(rewritten, [
      event(d2 + 3500_000),
      stop,
      event(d2 + 3700_000, {
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        requestParameters: { name: 'main' },
      }),
    ]);
    proxy.reset();
    const second = await detectS3(db);
    expect(objectsRead()).toEqual([late, fresh, rewritten].sort());
    expect(second.duplicates).toBe(1); // the first StopLogging, read again in the re-written object
    expect(second.newSignals.map((s) => s.ruleId).sort()).toEqual([
      'aws-ct-console-login-brute-force',
      'aws-ct-kms-key-deletion-scheduled',
    ]);

    // Everything read in one run gives the same signals and counts.
    const once = join(tempDir(), 'once.db');
    await detectS3(once);
    const incremental = await signals(db);
    expect(comparable(incremental)).toEqual(comparable(await signals(once)));
    expect(incremental.find((s) => s.ruleId === 'aws-ct-console-login-brute-force')!.count).toBe(12);
    expect(incremental.find((s) => s.ruleId === 'aws-ct-cloudtrail-stop-logging')!.count).toBe(2);

    // --regions narrows the folders; a prefix without trail logs is a clear error.
    expect((await detectS3(join(tempDir(), 'r.db'), '--regions', 'eu-west-1')).source.folders).toBe(1);
    const none = await runStance(
      ['detect', 'cloudtrail', '--s3', `s3://${BUCKET}/elsewhere`, '--db', join(tempDir(), 'n.db')],
      { env },
    );
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no CloudTrail logs found/);
  });
});

describe('stance detect cloudtrail --s3 with a corrupt object', () => {
  it('reports it (exit 3) without checkpointing it, reads it again next run, and reads it clean once fixed', async () => {
    const today = Math.floor(Date.now() / DAY) * DAY;
    const account = '777788889999';
    const good = trailKey('account', account, 'us-east-1', today + 60_000, 'G1');
    const bad = trailKey('account', account, 'us-east-1', today + 120_000, 'X1');
    const stopAt = (t: number) =>
      event(t, {
        recipientAccountId: account,
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        requestParameters: { name: 'main' },
      });
    await put(good, [stopAt(today + 60_000)]);
    const whole = gzipSync(
      JSON.stringify({
        Records: [stopAt(today + 120_000), event(today + 121_000, { recipientAccountId: account })],
      }),
    );
    await s3.send(
      new PutObjectCommand({ Bucket: BUCKET, Key: bad, Body: whole.subarray(0, whole.length - 40) }),
    );
    const db = join(tempDir(), 'corrupt.db');
    const run = () =>
      runStance(
        [
          'detect',
          'cloudtrail',
          '--s3',
          `s3://${BUCKET}/trails/AWSLogs/${account}/`,
          '--db',
          db,
          '--format',
          'json',
        ],
        { env },
      );

    proxy.reset();
    const first = await run();
    expect(first.code).toBe(3);
    expect(first.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        new RegExp(
          `^stance: s3://${BUCKET}/${bad.replace(/[.]/g, '\\.')}: truncated gzip .*; the rest of the file is skipped$`,
        ),
      ),
      expect.stringMatching(/^stance: \d+ event\(s\) read, 1 skipped \(1 file\(s\) with problems\)$/),
    ]);
    expect(JSON.parse(first.stdout)).toMatchObject({
      skipped: 1,
      filesWithProblems: 1,
      source: { read: 2, failed: 1 },
    });
    expect(objectsRead()).toEqual([good, bad].sort());

    // Not checkpointed: the next run reads it again (and only it).
    proxy.reset();
    const again = await run();
    expect(again.code).toBe(3);
    expect(objectsRead()).toEqual([bad]);

    // Re-uploaded whole: read clean, then checkpointed.
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: bad, Body: whole }));
    proxy.reset();
    const fixed = await run();
    expect(fixed.stderr).toBe('');
    expect(fixed.code).toBe(0);
    expect(objectsRead()).toEqual([bad]);
    proxy.reset();
    expect((await run()).code).toBe(0);
    expect(objectsRead()).toEqual([]);
    const stop = (await signals(db)).find((s) => s.ruleId === 'aws-ct-cloudtrail-stop-logging')!;
    expect(stop.count).toBe(2);
  });
});

describe('stance detect cloudtrail --lookup against a LookupEvents fake', () => {
  let fake: FakeCloudTrailLookup;
  let lookupEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    fake = new FakeCloudTrailLookup();
    await fake.start();
    lookupEnv = { ...env, AWS_ENDPOINT_URL_CLOUDTRAIL: fake.endpoint };
  });
  afterAll(() => fake?.close());

  const lookup = async (db: string, ...args: string[]) => {
    const out = await runStance(
      [
        'detect',
        'cloudtrail',
        '--lookup',
        '--regions',
        'us-east-1,eu-west-1',
        '--lateness',
        '10m',
        '--db',
        db,
        '--format',
        'json',
        ...args,
      ],
      { env: lookupEnv },
    );
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    return JSON.parse(out.stdout) as {
      events: number;
      duplicates: number;
      newSignals: SignalJson[];
      source: { requests: Record<string, number>; startTime: Record<string, string> };
    };
  };

  /** No three requests of a region within one second: at most 2 requests/s, as CloudTrail allows. */
  const withinRate = (region: string) => {
    const at = fake.of(region).map((r) => r.at);
    for (let i = 2; i < at.length; i++) expect(at[i]! - at[i - 2]!).toBeGreaterThanOrEqual(1000);
  };

  it('paginates within 2 requests/s per region, parses CloudTrailEvent, and resumes from its checkpoint', async () => {
    const now = Date.now();
    // 13 events in us-east-1 (5 pages of at most 3), 1 in eu-west-1.
    const logins = Array.from({ length: 12 }, (_, i) =>
      failedLogin(now - 40 * 60_000 + i * 20_000, '192.0.2.77'),
    );
    logins.forEach((e) => fake.add(e));
    fake.add(event(now - 30 * 60_000, { eventSource: 'iam.amazonaws.com', eventName: 'ListUsers' }));
    fake.add(
      event(now - 20 * 60_000, {
        awsRegion: 'eu-west-1',
        eventSource: 'guardduty.amazonaws.com',
        eventName: 'DeleteDetector',
        requestParameters: { detectorId: 'd-1' },
      }),
    );

    const db = join(tempDir(), 'lookup.db');
    const first = await lookup(db);
    expect(first.events).toBe(14);
    expect(first.newSignals.map((s) => s.ruleId).sort()).toEqual([
      'aws-ct-console-login-brute-force',
      'aws-ct-guardduty-detector-deleted',
    ]);
    expect(first.source.requests).toEqual({ 'us-east-1': 5, 'eu-west-1': 1 });
    const east = fake.of('us-east-1');
    expect(east.map((r) => r.throttled)).toEqual([false, false, false, false, false]);
    expect(east[0]!.nextToken).toBeUndefined();
    expect(east.slice(1).every((r) => r.nextToken)).toBe(true);
    expect(
      east.every((r) =>
        /^(com\.amazonaws\.cloudtrail\.v20131101\.)?CloudTrail_20131101\.LookupEvents$/.test(r.target),
      ),
    ).toBe(true);
    // First run: StartTime is the default 2-day lookback.
    expect(Math.abs(east[0]!.startTime! * 1000 - (now - 2 * DAY))).toBeLessThan(60_000);
    withinRate('us-east-1');

    // Second run: starts from the checkpoint (latest of last event and last query, minus 10m lateness).
    fake.add(
      event(Date.now() - 60_000, {
        eventSource: 'kms.amazonaws.com',
        eventName: 'ScheduleKeyDeletion',
        requestParameters: { keyId: 'k-2', pendingWindowInDays: 7 },
      }),
    );
    const before = fake.requests.length;
    const second = await lookup(db);
    const again = fake.requests.slice(before);
    const firstStart = east[0]!.startTime!;
    for (const r of again.filter((x) => !x.nextToken)) {
      expect(r.startTime!).toBeGreaterThan(firstStart);
      expect(r.startTime! * 1000).toBeGreaterThanOrEqual(now - 10 * 60_000 - 1000);
    }
    expect(second.newSignals.map((s) => s.ruleId)).toEqual(['aws-ct-kms-key-deletion-scheduled']);
    expect(second.events).toBe(1);
    expect(again.every((r) => !r.throttled)).toBe(true);
    withinRate('us-east-1');
    withinRate('eu-west-1');

    const list = await signals(db, lookupEnv);
    expect(list.find((s) => s.ruleId === 'aws-ct-console-login-brute-force')!.count).toBe(12);
  });
});
