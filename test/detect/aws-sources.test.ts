import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { LookupSource, TokenBucket, type LookupClient } from '../../src/detect/lookup-source.js';
import { replayPacks } from '../../src/detect/replay.js';
import { runDetection } from '../../src/detect/run.js';
import { parseS3Url, S3Source, type S3Sender } from '../../src/detect/s3-source.js';
import { compileRuleTexts } from '../../src/detect/sigma.js';
import type { CloudTrailRecord } from '../../src/detect/record.js';
import { openStore, type Store } from '../../src/store/index.js';
import { inspectSqlite } from '../../src/store/sqlite/index.js';
import { record, STOP_LOGGING_RULE } from './helpers.js';

const DAY = 24 * 3600_000;
const NOW = Date.UTC(2026, 2, 10, 12);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10).replace(/-/g, '/');

const rules = () =>
  compileRuleTexts([
    {
      file: 'r.yaml',
      text: STOP_LOGGING_RULE,
    },
  ]).rules;

const stop = (ms: number) =>
  record({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    eventTime: new Date(ms).toISOString().replace('.000Z', 'Z'),
  });

/** An in-memory bucket answering ListObjectsV2 (with Delimiter, two keys a page) and GetObject like S3. */
class FakeBucket {
  objects = new Map<string, { body: Buffer; etag: string; lastModified: number }>();
  listed: string[] = [];
  read: string[] = [];
  private version = 0;

  put(key: string, records: unknown[] | Buffer, lastModified = NOW): void {
    const body = Buffer.isBuffer(records) ? records : gzipSync(JSON.stringify({ Records: records }));
    this.objects.set(key, { body, etag: `"etag-${++this.version}"`, lastModified });
  }

  client(): S3Sender {
    const send = async (command: unknown) => {
      if (command instanceof ListObjectsV2Command) {
        const { Prefix = '', Delimiter, ContinuationToken } = command.input;
        this.listed.push(`${Prefix}${Delimiter ? ' /' : ''}`);
        const keys = [...this.objects.keys()].filter((k) => k.startsWith(Prefix)).sort();
        const entries: { key?: string; prefix?: string }[] = [];
        const prefixes = new Set<string>();
        for (const k of keys) {
          const rest = k.slice(Prefix.length);
          const cut = Delimiter ? rest.indexOf(Delimiter) : -1;
          if (cut >= 0) {
            const p = Prefix + rest.slice(0, cut + 1);
            if (!prefixes.has(p)) entries.push({ prefix: p });
            prefixes.add(p);
          } else entries.push({ key: k });
        }
        const start = ContinuationToken ? Number(ContinuationToken) : 0;
        const page = entries.slice(start, start + 2);
        const more = start + 2 < entries.length;
        return {
          Contents: page
            .filter((e) => e.key)
            .map((e) => ({
              Key: e.key,
              ETag: this.objects.get(e.key!)!.etag,
              LastModified: new Date(this.objects.get(e.key!)!.lastModified),
            })),
          CommonPrefixes: page.filter((e) => e.prefix).map((e) => ({ Prefix: e.prefix })),
          IsTruncated: more,
          NextContinuationToken: more ? String(start + 2) : undefined,
        };
      }
      if (command instanceof GetObjectCommand) {
        const o = this.objects.get(command.input.Key!);
        if (!o) throw Object.assign(new Error('The specified key does not exist.'), { name: 'NoSuchKey' });
        this.read.push(command.input.Key!);
        return { Body: Readable.from([o.body]), ETag: o.etag, LastModified: new Date(o.lastModified) };
      }
      throw new Error('unexpected command');
    };
    return { send, destroy: () => {} } as unknown as S3Sender;
  }
}

const key = (root: string, region: string, ms: number, id: string) =>
  `${root}/CloudTrail/${region}/${day(ms)}/${root.split('/').pop()}_CloudTrail_${region}_${new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 13)}Z_${id}.json.gz`;

function checkpoints(store: Store): Promise<{ key: string; etag: string }[]> {
  return inspectSqlite(
    store,
    (db) =>
      db.prepare('SELECT key, etag FROM detect_checkpoints ORDER BY key').all() as {
        key: string;
        etag: string;
      }[],
  );
}

describe('S3 source', () => {
  it('parses s3:// URLs', () => {
    expect(parseS3Url('s3://my-trail')).toEqual({ bucket: 'my-trail', prefix: '' });
    expect(parseS3Url('s3://my-trail/logs')).toEqual({ bucket: 'my-trail', prefix: 'logs/' });
    expect(parseS3Url('s3://my-trail/logs/AWSLogs/')).toEqual({
      bucket: 'my-trail',
      prefix: 'logs/AWSLogs/',
    });
    expect(() => parseS3Url('https://my-trail/logs')).toThrow(/expected s3:\/\/bucket\/prefix/);
  });

  it('finds account and organization layouts, lists only the lookback day folders, reads in file-time order', async () => {
    const bucket = new FakeBucket();
    const acct = 'p/AWSLogs/111122223333';
    const org = 'p/AWSLogs/o-abcdef1234/444455556666';
    bucket.put(key(acct, 'us-east-1', NOW - DAY + 2 * 3600_000, 'b'), [stop(NOW - DAY + 2 * 3600_000)]);
    bucket.put(key(org, 'eu-west-1', NOW - DAY + 3600_000, 'a'), [stop(NOW - DAY + 3600_000)]);
    bucket.put(key(acct, 'us-east-1', NOW - 5 * DAY, 'old'), [stop(NOW - 5 * DAY)]);
    bucket.put(
      `${acct}/CloudTrail-Digest/us-east-1/${day(NOW)}/111122223333_CloudTrail-Digest_us-east-1_x.json.gz`,
      Buffer.from('not events'),
    );
    bucket.put(`${acct}/CloudTrail/us-east-1/${day(NOW)}/`, Buffer.alloc(0)); // a folder marker
    const store = await openStore(':memory:');
    const source = new S3Source('s3://trail-bucket/p', { now: () => NOW }, bucket.client());
    const result = await runDetection(store, [source], rules(), { now: () => NOW });
    expect(result.newSignals).toHaveLength(1);
    const order = bucket.read;
    expect(order).toEqual([
      key(org, 'eu-west-1', NOW - DAY + 3600_000, 'a'),
      key(acct, 'us-east-1', NOW - DAY + 2 * 3600_000, 'b'),
    ]);
    expect(source.stats).toMatchObject({ folders: 2, objects: 2, read: 2, unchanged: 0 });
    // Day folders of the 2-day window (3 days) per region, never the old one, never the digest folder.
    const dayLists = bucket.listed.filter((p) => /\d{4}\/\d\d\/\d\d\/$/.test(p));
    expect(new Set(dayLists)).toEqual(
      new Set(
        [0, 1, 2].flatMap((d) => [
          `${acct}/CloudTrail/us-east-1/${day(NOW - d * DAY)}/`,
          `${org}/CloudTrail/eu-west-1/${day(NOW - d * DAY)}/`,
        ]),
      ),
    );
    expect(bucket.listed.some((p) => p.includes('Digest'))).toBe(false);
    expect((await checkpoints(store)).map((c) => c.key)).toEqual(order.slice().sort());
    await store.close();
  });

  it('a corrupt object is reported, not checkpointed, and read again by the next run; a re-written object is read again', async () => {
    const bucket = new FakeBucket();
    const root = 'AWSLogs/111122223333';
    const good = key(root, 'us-east-1', NOW - 3600_000, 'good');
    const bad = key(root, 'us-east-1', NOW - 1800_000, 'bad');
    const goodEvent = stop(NOW - 3600_000);
    bucket.put(good, [goodEvent]);
    bucket.put(bad, gzipSync(JSON.stringify({ Records: [stop(NOW - 1800_000)] })).subarray(0, 30));
    const store = await openStore(':memory:');
    const lines: string[] = [];
    const run = (s: S3Source) =>
      runDetection(store, [s], rules(), { now: () => NOW, onProblem: (l) => lines.push(l) });
    const broken = new S3Source('s3://trail-bucket', { now: () => NOW }, bucket.client());
    const partial = await run(broken);
    expect(lines).toEqual([
      expect.stringMatching(
        /^s3:\/\/trail-bucket\/AWSLogs\/.*bad\.json\.gz: truncated gzip .*the rest of the file is skipped$/,
      ),
    ]);
    expect(partial).toMatchObject({ events: 1, skipped: 1, filesWithProblems: 1 });
    expect(broken.stats).toMatchObject({ read: 2, failed: 1 });
    // The good object is checkpointed with the run; the corrupt one is not.
    expect((await checkpoints(store)).map((c) => c.key)).toEqual([good]);
    expect((await store.signals.list())[0]!.count).toBe(1);

    // Still corrupt: read again (and reported again), nothing else changes.
    bucket.read = [];
    lines.length = 0;
    await run(new S3Source('s3://trail-bucket', { now: () => NOW }, bucket.client()));
    expect(bucket.read).toEqual([bad]);
    expect(lines).toHaveLength(1);
    expect((await checkpoints(store)).map((c) => c.key)).toEqual([good]);

    // Fixed (re-uploaded): read and checkpointed.
    bucket.put(bad, [stop(NOW - 1800_000)]);
    bucket.read = [];
    lines.length = 0;
    const fixed = await run(new S3Source('s3://trail-bucket', { now: () => NOW }, bucket.client()));
    expect(lines).toEqual([]);
    expect(bucket.read).toEqual([bad]);
    expect(fixed).toMatchObject({ events: 1, skipped: 0 });
    expect((await checkpoints(store)).map((c) => c.key)).toEqual([bad, good].sort());
    expect((await store.signals.list())[0]!.count).toBe(2);
    const etags = await checkpoints(store);

    // Re-written with one more event: read again, the old events are duplicates.
    bucket.put(good, [goodEvent, stop(NOW - 3500_000)]);
    bucket.read = [];
    const source = new S3Source('s3://trail-bucket', { now: () => NOW }, bucket.client());
    const second = await run(source);
    expect(bucket.read).toEqual([good]);
    expect(second).toMatchObject({ duplicates: 1, matched: 1 });
    expect(source.stats).toMatchObject({ read: 1, unchanged: 1 });
    expect((await checkpoints(store)).find((c) => c.key === good)!.etag).not.toBe(
      etags.find((c) => c.key === good)!.etag,
    );
    expect((await store.signals.list())[0]!.count).toBe(3);
    await store.close();
  });

  it('a failed run (not bad input: the store errors) stores nothing, checkpoint included', async () => {
    const bucket = new FakeBucket();
    const good = key('AWSLogs/111122223333', 'us-east-1', NOW - 3600_000, 'good');
    bucket.put(good, [stop(NOW - 3600_000)]);
    const store = await openStore(':memory:');
    const source = new S3Source('s3://trail-bucket', { now: () => NOW }, bucket.client());
    const failing = {
      name: 'failing',
      async *events() {
        yield* [];
        throw new Error('network down');
      },
    };
    await expect(runDetection(store, [source, failing], rules(), { now: () => NOW })).rejects.toThrow(
      /network down/,
    );
    expect(await checkpoints(store)).toEqual([]);
    expect(await store.signals.list()).toEqual([]);
    await store.close();
  });
  it('forgets processed objects once their day folder leaves the lookback window', async () => {
    const bucket = new FakeBucket();
    const root = 'AWSLogs/111122223333';
    bucket.put(key(root, 'us-east-1', NOW - 2 * DAY, 'x'), [stop(NOW - 2 * DAY)], NOW - 2 * DAY + 600_000);
    bucket.put(key(root, 'us-east-1', NOW, 'y'), [stop(NOW)], NOW + 600_000);
    const store = await openStore(':memory:');
    await runDetection(store, [new S3Source('s3://b-1', { now: () => NOW }, bucket.client())], rules(), {
      now: () => NOW,
    });
    expect(await checkpoints(store)).toHaveLength(2);
    const later = NOW + DAY;
    await runDetection(store, [new S3Source('s3://b-1', { now: () => later }, bucket.client())], rules(), {
      now: () => later,
    });
    expect((await checkpoints(store)).map((c) => c.key)).toEqual([key(root, 'us-east-1', NOW, 'y')]);
    await store.close();
  });

  it('says so when the prefix holds no trail logs', async () => {
    const bucket = new FakeBucket();
    bucket.put('other/AWSLogs/111122223333/CloudTrail/us-east-1/2026/03/10/f.json.gz', [stop(NOW)]);
    const store = await openStore(':memory:');
    await expect(
      runDetection(store, [new S3Source('s3://b-1', { now: () => NOW }, bucket.client())], rules()),
    ).rejects.toThrow(/no CloudTrail logs found/);
    await store.close();
  });

  it('replay reads every object of the window through a scratch store: the real checkpoint and signals stay as they were', async () => {
    const bucket = new FakeBucket();
    const acct = 'p/AWSLogs/111122223333';
    bucket.put(key(acct, 'us-east-1', NOW - DAY, 'a'), [stop(NOW - DAY)]);
    bucket.put(key(acct, 'us-east-1', NOW - 3600_000, 'b'), [stop(NOW - 3600_000)]);
    const store = await openStore(':memory:');
    await runDetection(
      store,
      [new S3Source('s3://trail-bucket/p', { now: () => NOW }, bucket.client())],
      rules(),
      {
        now: () => NOW,
      },
    );
    const before = { checkpoints: await checkpoints(store), signals: await store.signals.list() };
    expect(before.checkpoints).toHaveLength(2);
    bucket.read = [];
    const replayed = await replayPacks(
      [new S3Source('s3://trail-bucket/p', { now: () => NOW }, bucket.client())],
      { candidate: rules(), current: [] },
      { now: () => NOW, since: new Date(NOW - 2 * 3600_000) },
    );
    // both objects read again (a real run would skip them as checkpointed); the range keeps the later event
    expect(bucket.read).toHaveLength(2);
    expect(replayed).toMatchObject({ events: 2, replayed: 1, beforeSince: 1 });
    expect(replayed.rows).toEqual([
      {
        ruleId: 'stop',
        day: '2026-03-10',
        candidate: { signals: 1, events: 1 },
        current: { signals: 0, events: 0 },
      },
    ]);
    expect(await checkpoints(store)).toEqual(before.checkpoints);
    expect(await store.signals.list()).toEqual(before.signals);
    await store.close();
  });
});

describe('TokenBucket', () => {
  it('spaces requests 1/rate apart with capacity 1, in call order', async () => {
    let clock = 0;
    const bucket = new TokenBucket(
      2,
      1,
      () => clock,
      async (ms) => void (clock += ms),
    );
    const at: number[] = [];
    await Promise.all([1, 2, 3, 4, 5].map(() => bucket.take().then(() => at.push(clock))));
    expect(at).toEqual([0, 500, 1000, 1500, 2000]);
    clock += 5000; // idle time saves up at most `capacity` tokens
    await bucket.take();
    await bucket.take();
    expect(clock).toBe(7500);
  });
});

/** A stand-in CloudTrail client: pages of 2, newest first, as LookupEvents answers. */
function lookupClient(
  events: Map<string, CloudTrailRecord[]>,
  asked: { region: string; start?: Date; token?: string }[],
  region: string,
  raw?: string,
): LookupClient {
  const send = async (command: unknown) => {
    if (!(command instanceof LookupEventsCommand)) throw new Error('unexpected command');
    const { StartTime, NextToken } = command.input;
    asked.push({ region, start: StartTime, token: NextToken });
    const all = (events.get(region) ?? [])
      .filter((e) => !StartTime || Date.parse(e.eventTime) >= StartTime.getTime())
      .sort((a, b) => Date.parse(b.eventTime) - Date.parse(a.eventTime));
    const from = NextToken ? Number(NextToken) : 0;
    const page = all.slice(from, from + 2);
    return {
      Events: page.map((e) => ({
        EventId: e.eventID,
        EventTime: new Date(e.eventTime),
        CloudTrailEvent: raw ?? JSON.stringify(e),
      })),
      NextToken: from + 2 < all.length ? String(from + 2) : undefined,
    };
  };
  return { send, destroy: () => {} } as unknown as LookupClient;
}

describe('LookupEvents source', () => {
  it('paginates, merges regions oldest first, and resumes from the checkpoint minus the lateness', async () => {
    const events = new Map([
      ['us-east-1', [stop(NOW - 50 * 60_000), stop(NOW - 30 * 60_000), stop(NOW - 10 * 60_000)]],
      [
        'eu-west-1',
        [
          record({
            eventName: 'StopLogging',
            awsRegion: 'eu-west-1',
            eventTime: new Date(NOW - 40 * 60_000).toISOString(),
          }),
        ],
      ],
    ]);
    const asked: { region: string; start?: Date; token?: string }[] = [];
    const store = await openStore(':memory:');
    const source = (now: number) =>
      new LookupSource({
        regions: ['us-east-1', 'eu-west-1'],
        latenessMs: 15 * 60_000,
        now: () => now,
        clientFor: (r) => lookupClient(events, asked, r),
      });
    const order: number[] = [];
    const first = source(NOW);
    const wrapped = {
      name: 'lookup',
      events: async function* (db: Parameters<typeof first.events>[0]) {
        for await (const e of first.events(db)) {
          order.push(e.time);
          yield e;
        }
      },
      checkpoint: (db: Parameters<typeof first.checkpoint>[0]) => first.checkpoint(db),
    };
    const result = await runDetection(store, [wrapped], rules(), { now: () => NOW });
    expect(result.events).toBe(4);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(asked.filter((a) => a.region === 'us-east-1').map((a) => a.token)).toEqual([undefined, '2']);
    expect(asked[0]!.start!.getTime()).toBe(NOW - 2 * DAY);

    asked.length = 0;
    const later = NOW + 3600_000;
    const second = await runDetection(store, [source(later)], rules(), { now: () => later });
    // Last query (NOW) was after the last event: the next run starts there minus 15 minutes.
    expect(asked.map((a) => a.start!.getTime())).toEqual([NOW - 15 * 60_000, NOW - 15 * 60_000]);
    expect(second).toMatchObject({ events: 1, duplicates: 1 });

    // --since wins over the checkpoint.
    asked.length = 0;
    const since = new Date(NOW - 3 * DAY);
    await runDetection(
      store,
      [new LookupSource({ regions: ['us-east-1'], since, clientFor: (r) => lookupClient(events, asked, r) })],
      rules(),
    );
    expect(asked[0]!.start).toEqual(since);
    await store.close();
  });

  it('an event dated in the future is reported and skipped, and never moves the checkpoint past the query time', async () => {
    const future = stop(Date.UTC(2099, 0, 1));
    const events = new Map([['us-east-1', [stop(NOW - 60_000), future]]]);
    const asked: { region: string; start?: Date; token?: string }[] = [];
    const store = await openStore(':memory:');
    const source = (now: number) =>
      new LookupSource({
        regions: ['us-east-1'],
        latenessMs: 15 * 60_000,
        now: () => now,
        clientFor: (r) => lookupClient(events, asked, r),
      });
    const lines: string[] = [];
    const result = await runDetection(store, [source(NOW)], rules(), {
      now: () => NOW,
      onProblem: (l) => lines.push(l),
    });
    expect(lines).toEqual([
      `lookup:us-east-1: event ${future.eventID}: eventTime "2099-01-01T00:00:00Z" is in the future (more than 15m ahead of the clock)`,
    ]);
    expect(result).toMatchObject({ events: 1, skipped: 1 });
    // A checkpoint carried to 2099 by an earlier version is not trusted either.
    await inspectSqlite(store, (db) =>
      db
        .prepare("UPDATE detect_checkpoints SET last_modified = ? WHERE source = 'cloudtrail-lookup'")
        .run(Date.UTC(2099, 0, 1)),
    );
    asked.length = 0;
    const later = NOW + 3600_000;
    await runDetection(store, [source(later)], rules(), { now: () => later });
    expect(asked.map((a) => a.start!.getTime())).toEqual([later - 15 * 60_000]);
    await store.close();
  });

  it('reports and skips a CloudTrailEvent that is not a record, naming the region and event; the checkpoint moves on', async () => {
    const events = new Map([['us-east-1', [stop(NOW - 60_000)]]]);
    const store = await openStore(':memory:');
    const source = new LookupSource({
      regions: ['us-east-1'],
      now: () => NOW,
      clientFor: (r) => lookupClient(events, [], r, '{"eventName": "StopLogging"}'),
    });
    const lines: string[] = [];
    const result = await runDetection(store, [source], rules(), { onProblem: (l) => lines.push(l) });
    expect(lines).toEqual([expect.stringMatching(/^lookup:us-east-1: event [\w-]+: missing eventID$/)]);
    expect(result).toMatchObject({ events: 0, skipped: 1, filesWithProblems: 1 });
    expect(await checkpoints(store)).toEqual([{ key: 'us-east-1', etag: '' }]);
    await store.close();
  });
});
