import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runDetection } from '../../src/detect/run.js';
import { compileRuleTexts, loadRules } from '../../src/detect/sigma.js';
import type { Signal } from '../../src/detect/signals.js';
import { expandPaths, FileSource, readEvents, type SourceEvent } from '../../src/detect/sources.js';
import { runRuleTests } from '../../src/detect/rule-tests.js';
import { problemText } from '../../src/detect/problems.js';
import { openStore } from '../../src/store/index.js';
import { inspectSqlite } from '../../src/store/sqlite/index.js';
import type { CloudTrailRecord } from '../../src/detect/record.js';
import { FAILED_SIGN_IN_RULE, ListSource, minute, record, STOP_LOGGING_RULE } from './helpers.js';

const RULES = `${FAILED_SIGN_IN_RULE}---
title: Brute force
name: brute
correlation: {type: event_count, rules: [failed], group-by: [sourceIPAddress], timespan: 10m, condition: {gte: 3}}
level: high
tags: [attack.t1110]
---
${STOP_LOGGING_RULE}---
title: Many secrets
name: secrets
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventName: GetSecretValue}
  condition: selection
---
title: Many secrets by one identity
name: secrets-bulk
correlation: {type: value_count, rules: [secrets], group-by: [userIdentity.arn], timespan: 10m, condition: {gte: 3, field: requestParameters.secretId}}
---
title: Fail then stop
name: fail-then-stop
correlation: {type: temporal, rules: [failed, stop], group-by: [recipientAccountId], timespan: 30m, generate: true}
---
title: New region
name: region
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventType: AwsApiCall}
  condition: selection
stance: {method: new_value, fields: [awsRegion], learning: 1d, expire: 30d, max-values: 3}
---
title: Launch burst
name: launches
logsource: {product: aws, service: cloudtrail}
detection:
  selection: {eventName: RunInstances}
  condition: selection
stance: {method: anomaly, group-by: [userIdentity.arn], bucket: 1h, baseline: 2d, learning: 1d, factor: 4, min-count: 5}
`;
const rules = () => compileRuleTexts([{ file: 'rules.yaml', text: RULES }]).rules;

const failure = (m: number, ip = '198.51.100.9') =>
  record({
    eventSource: 'signin.amazonaws.com',
    eventName: 'ConsoleLogin',
    eventTime: minute(m),
    sourceIPAddress: ip,
    responseElements: { ConsoleLogin: 'Failure' },
  });

function workload(): CloudTrailRecord[] {
  const out: CloudTrailRecord[] = [];
  for (let i = 0; i < 8; i++) out.push(failure(i * 2));
  out.push(failure(100, '192.0.2.1'));
  out.push(
    record({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', eventTime: minute(20) }),
  );
  for (let i = 0; i < 5; i++)
    out.push(
      record({
        eventSource: 'secretsmanager.amazonaws.com',
        eventName: 'GetSecretValue',
        eventTime: minute(30 + i),
        requestParameters: { secretId: `s${i % 4}` },
      }),
    );
  for (let d = 0; d < 3; d++)
    out.push(record({ eventTime: minute(d * 24 * 60), awsRegion: d === 2 ? 'eu-west-1' : 'us-east-1' }));
  for (let h = 0; h < 48; h += 4)
    out.push(
      record({ eventName: 'RunInstances', eventSource: 'ec2.amazonaws.com', eventTime: minute(h * 60) }),
    );
  for (let i = 0; i < 7; i++)
    out.push(
      record({ eventName: 'RunInstances', eventSource: 'ec2.amazonaws.com', eventTime: minute(50 * 60 + i) }),
    );
  out.push(record({ eventTime: minute(3 * 24 * 60), awsRegion: 'ap-south-1' }));
  return out;
}

const shape = (signals: Signal[]) =>
  signals
    .map(({ id: _id, ...s }) => s)
    .sort((a, b) =>
      a.ruleId + a.firstSeen + JSON.stringify(a.group) < b.ruleId + b.firstSeen + JSON.stringify(b.group)
        ? -1
        : 1,
    );

async function detect(path: string, records: CloudTrailRecord[]) {
  const store = await openStore(path);
  try {
    return await runDetection(store, [new ListSource(records)], rules(), { now: CLOCK });
  } finally {
    await store.close();
  }
}

async function signalsOf(path: string): Promise<Signal[]> {
  const store = await openStore(path);
  try {
    return await store.signals.list();
  } finally {
    await store.close();
  }
}

/** The runs' clock: after every test event (events dated later than it plus 15 minutes are bad input). */
const CLOCK = () => Date.UTC(2026, 5, 1);
const tmp = () => mkdtempSync(join(tmpdir(), 'stance-detect-'));

describe('detection engine', () => {
  it('produces the expected signals: correlations, new_value, anomaly', async () => {
    const db = join(tmp(), 's.db');
    await detect(db, workload());
    const byRule = new Map((await signalsOf(db)).map((s) => [s.ruleId, s]));
    expect([...byRule.keys()].sort()).toEqual([
      'brute',
      'fail-then-stop',
      'launches',
      'region',
      'secrets-bulk',
      'stop',
    ]);
    expect(byRule.get('brute')).toMatchObject({
      count: 8,
      severity: 'high',
      mitre: ['attack.t1110'],
      group: { sourceIPAddress: '198.51.100.9' },
    });
    expect(byRule.get('secrets-bulk')!.count).toBe(5);
    expect(byRule.get('region')!.notes.join()).toMatch(/eu-west-1/);
    expect(byRule.get('launches')!.count).toBeGreaterThanOrEqual(3);
    expect(byRule.get('stop')!.resourceIds).toContain('arn:aws:iam::111122223333:user/alice');
  });

  it('is idempotent: one run, five runs, or the same input twice give the same signals', async () => {
    const events = workload();
    const one = join(tmp(), 'one.db');
    await detect(one, events);
    const five = join(tmp(), 'five.db');
    for (let i = 0; i < 5; i++)
      await detect(
        five,
        events.slice(Math.floor((i * events.length) / 5), Math.floor(((i + 1) * events.length) / 5)),
      );
    const twice = join(tmp(), 'twice.db');
    await detect(twice, events);
    const again = await detect(twice, events);
    expect(again.newSignals).toEqual([]);
    expect(again.duplicates).toBeGreaterThan(0);
    expect(shape(await signalsOf(five))).toEqual(shape(await signalsOf(one)));
    expect(shape(await signalsOf(twice))).toEqual(shape(await signalsOf(one)));
  });

  it('keeps learned values, baselines and windows across restarts', async () => {
    const db = join(tmp(), 'restart.db');
    // learning in the first process, the new region in the second
    await detect(db, [record({ eventTime: minute(0) }), record({ eventTime: minute(26 * 60) })]);
    expect(await signalsOf(db)).toEqual([]);
    await detect(db, [record({ eventTime: minute(27 * 60), awsRegion: 'sa-east-1' })]);
    expect((await signalsOf(db)).map((s) => s.ruleId)).toEqual(['region']);
    // a correlation window split between two processes
    await detect(db, [failure(28 * 60, '10.0.0.1'), failure(28 * 60 + 1, '10.0.0.1')]);
    expect((await signalsOf(db)).some((s) => s.ruleId === 'brute')).toBe(false);
    await detect(db, [failure(28 * 60 + 2, '10.0.0.1')]);
    expect((await signalsOf(db)).find((s) => s.ruleId === 'brute')?.count).toBe(3);
  });

  it('de-duplicates by eventID across sources', async () => {
    const db = join(tmp(), 'dedup.db');
    const events = [failure(0), failure(1), failure(2)];
    const store = await openStore(db);
    const result = await runDetection(
      store,
      [new ListSource(events), new ListSource([events[1]!, events[2]!])],
      rules(),
    );
    await store.close();
    expect(result.duplicates).toBe(2);
    expect((await signalsOf(db)).find((s) => s.ruleId === 'brute')?.count).toBe(3);
  });

  it('raises a signal touching a resource with open high/critical posture findings, and says why', async () => {
    const db = join(tmp(), 'posture.db');
    const store = await openStore(db);
    const scope = {
      key: 'aws/111122223333/global/iam',
      provider: 'aws' as const,
      account: '111122223333',
      region: 'global',
      service: 'iam',
    };
    await store.rules.sync([
      {
        id: 'aws-iam-user-no-mfa',
        title: 'no MFA',
        description: '',
        severity: 'high',
        resourceTypes: ['aws.iam.user'],
        remediation: '',
        package: 'p',
        file: 'f',
      },
    ]);
    const scan = await store.scans.begin({ startedAt: new Date(), bundleVersion: 'b', command: 'test' });
    const arn = 'arn:aws:iam::111122223333:user/ops/alice';
    await store.scans.recordScopeRun(scan, scope, {
      status: 'ok',
      startedAt: new Date(),
      finishedAt: new Date(),
      resources: [
        {
          id: arn,
          type: 'aws.iam.user',
          provider: 'aws',
          account: '111122223333',
          region: 'global',
          name: 'alice',
          tags: {},
          config: {},
        },
      ],
      evaluations: [{ resourceId: arn, ruleId: 'aws-iam-user-no-mfa', status: 'fail', message: 'no MFA' }],
    });
    await store.scans.finish(scan, { finishedAt: new Date(), status: 'ok' });
    await runDetection(
      store,
      [
        new ListSource([
          record({
            eventSource: 'cloudtrail.amazonaws.com',
            eventName: 'StopLogging',
            userIdentity: { type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/alice', userName: 'alice' },
          }),
        ]),
      ],
      rules(),
    );
    const [signal] = await store.signals.list();
    await store.close();
    expect(signal).toMatchObject({ ruleId: 'stop', ruleSeverity: 'medium', severity: 'high' });
    expect(signal!.resourceIds).toContain(arn);
    expect(signal!.reason).toMatch(
      /raised from medium: .*user\/ops\/alice has 1 open high\/critical posture finding\(s\): aws-iam-user-no-mfa/,
    );
  });

  it('malformed input: the bad record is reported and skipped, the rest is processed and committed', async () => {
    const dir = tmp();
    const db = join(dir, 'bad.db');
    await detect(db, [failure(0), failure(1)]);
    writeFileSync(join(dir, 'good.json'), JSON.stringify({ Records: [failure(2), failure(3)] }));
    writeFileSync(join(dir, 'zbroken.jsonl'), `${JSON.stringify(failure(4))}\n{"eventID": "x",\n`);
    const store = await openStore(db);
    const lines: string[] = [];
    const result = await runDetection(store, [new FileSource([dir])], rules(), {
      onProblem: (l) => lines.push(l),
    });
    await store.close();
    expect(lines).toEqual([expect.stringMatching(/zbroken\.jsonl:2: record 1: truncated/)]);
    expect(result).toMatchObject({ events: 3, skipped: 1, filesWithProblems: 1 });
    expect((await signalsOf(db)).find((s) => s.ruleId === 'brute')!.count).toBe(5);
    const check = await openStore(db);
    expect(await check.checkInvariants()).toEqual([]);
    expect(
      await inspectSqlite(
        check,
        (db) => (db.prepare('SELECT count(*) AS n FROM detect_events').get() as { n: number }).n,
      ),
    ).toBe(5);
    await check.close();
  });
});

describe('time: future-dated events and late events', () => {
  const DAY = 24 * 60;
  const stopAt = (m: number) =>
    record({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', eventTime: minute(m) });
  const stateOf = async (path: string, key: string) => {
    const store = await openStore(path);
    try {
      return (await store.detection.readState([key])).get(key);
    } finally {
      await store.close();
    }
  };

  it('an event dated after the clock plus the skew allowance is bad input: reported, skipped; the events after it are detected', async () => {
    const dir = tmp();
    const future = record({ ...stopAt(0), eventTime: '2099-01-01T00:00:00Z' });
    const real = [stopAt(0), stopAt(3 * DAY)];
    writeFileSync(join(dir, 'a.jsonl'), [future, ...real].map((r) => JSON.stringify(r)).join('\n'));
    const db = join(dir, 'future.db');
    const store = await openStore(db);
    const lines: string[] = [];
    const result = await runDetection(store, [new FileSource([dir])], rules(), {
      now: CLOCK,
      onProblem: (l) => lines.push(l),
    });
    await store.close();
    expect(lines).toEqual([
      `${join(dir, 'a.jsonl')}:1: record 0: eventTime "2099-01-01T00:00:00Z" is in the future (more than 15m ahead of the clock)`,
    ]);
    expect(result).toMatchObject({ events: 2, skipped: 1, matched: 2, tooLate: 0 });
    expect((await signalsOf(db)).flatMap((s) => s.eventIds).sort()).toEqual(
      real.map((r) => r.eventID).sort(),
    );
    expect(await stateOf(db, 'watermark')).toBe(Date.parse(real[1]!.eventTime));
    // The allowance is the run's: 2 hours ahead is accepted with --clock-skew 3h.
    const ahead = record({ ...stopAt(0), eventTime: new Date(CLOCK() + 2 * 3600_000).toISOString() });
    const again = await openStore(db);
    const accepted = await runDetection(again, [new ListSource([ahead])], rules(), {
      now: CLOCK,
      clockSkewMs: 3 * 3600_000,
    });
    await again.close();
    expect(accepted).toMatchObject({ events: 1, matched: 1, skipped: 0 });
  });

  it('a watermark carried into the future by an earlier version is pulled back to the clock: real events are detected', async () => {
    const db = join(tmp(), 'poisoned.db');
    await detect(db, [failure(0)]);
    const store = await openStore(db);
    const future = Date.UTC(2099, 0, 1);
    await store.detection.writeState(
      [
        ['watermark', future],
        // A correlation window holding a future match would refuse every real one of its group.
        ['corr:brute', [['198.51.100.9', [[future, 'forged', '', 0, 0]]]]],
      ],
      0,
    );
    await store.close();
    const result = await detect(db, [stopAt(60), failure(61), failure(62), failure(63)]);
    expect(result).toMatchObject({ matched: 4, tooLate: 0 });
    const byRule = new Map((await signalsOf(db)).map((s) => [s.ruleId, s]));
    expect(byRule.get('stop')?.count).toBe(1);
    expect(byRule.get('brute')?.count).toBe(3);
    expect(await stateOf(db, 'watermark')).toBe(CLOCK() + 15 * 60_000);
    expect(JSON.stringify(await stateOf(db, 'corr:brute'))).not.toContain('forged');
  });

  it('a late event between current ones opens its own signal without splitting the current one', async () => {
    const db = join(tmp(), 'interleaved.db');
    await detect(db, [stopAt(60 * DAY), stopAt(0), stopAt(60 * DAY + 5)]);
    expect(
      (await signalsOf(db))
        .filter((s) => s.ruleId === 'stop')
        .map((s) => [s.firstSeen, s.count])
        .sort(),
    ).toEqual([
      [new Date(minute(0)).toISOString(), 1],
      [new Date(minute(60 * DAY)).toISOString(), 2],
    ]);
  });

  it('late events: single-event rules still match them; windowed rules count what they can no longer place; re-reading them counts nothing twice', async () => {
    const db = join(tmp(), 'late.db');
    // Sixty days of activity first: the watermark is far past day 0.
    await detect(db, [failure(60 * DAY), failure(60 * DAY + 1), stopAt(60 * DAY + 2)]);
    const late = [stopAt(0), failure(60 * DAY - 30)];
    const first = await detect(db, late);
    // The stop at day 0 opens its own signal; the failure is too late for the brute-force window
    // of its address (which holds day 60), but still counts for the single-event rule.
    expect(first).toMatchObject({ matched: 2, duplicates: 0, tooLate: 1 });
    const stops = (await signalsOf(db)).filter((s) => s.ruleId === 'stop');
    expect(stops.map((s) => s.firstSeen).sort()).toEqual(
      [minute(0), minute(60 * DAY + 2)].map((t) => new Date(t).toISOString()),
    );
    const before = shape(await signalsOf(db));
    const again = await detect(db, late);
    expect(again).toMatchObject({ matched: 0, duplicates: 2 });
    expect(shape(await signalsOf(db))).toEqual(before);
  });
});

describe('committing without holding the write lock while reading', () => {
  const all = async (path: string) => {
    const store = await openStore(path);
    try {
      return {
        signals: shape(await store.signals.list()),
        ...(await inspectSqlite(store, (db) => ({
          seen: db.prepare('SELECT * FROM detect_events ORDER BY event_id').all(),
          state: db
            .prepare("SELECT key, value FROM detect_state WHERE key <> 'generation' ORDER BY key")
            .all(),
        }))),
      };
    } finally {
      await store.close();
    }
  };

  it('another connection writes while a run reads; the run then commits everything at once', async () => {
    const db = join(tmp(), 'open.db');
    const reader = await openStore(db);
    const writer = await openStore(db, { busyTimeoutMs: 0 });
    const events = workload();
    async function* slow(): AsyncGenerator<SourceEvent> {
      for (const [i, r] of events.entries()) {
        if (i === 5) {
          // Mid-run, another connection takes the write lock at once (no waiting) and commits.
          await writer.detection.writeState([['other', 1]], 0);
          expect(await writer.signals.list()).toEqual([]);
        }
        yield { record: r, time: Date.parse(r.eventTime), where: { file: 'l', line: i + 1, index: i } };
      }
    }
    await runDetection(reader, [{ name: 'slow', events: slow }], rules(), { now: CLOCK });
    await reader.close();
    await writer.close();
    const one = join(tmp(), 'one.db');
    await detect(one, events);
    expect((await all(db)).signals).toEqual((await all(one)).signals);
  });

  it('a run overtaken by another detection run stores nothing and says so', async () => {
    const db = join(tmp(), 'race.db');
    await detect(db, [failure(0)]);
    const before = await all(db);
    const slowStore = await openStore(db);
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    async function* gated(): AsyncGenerator<SourceEvent> {
      const r = failure(1);
      yield { record: r, time: Date.parse(r.eventTime), where: { file: 'g', line: 1, index: 0 } };
      await gate;
    }
    const slow = runDetection(slowStore, [{ name: 'gated', events: gated }], rules(), { now: CLOCK });
    await detect(db, [failure(2)]);
    const afterOther = await all(db);
    expect(afterOther).not.toEqual(before);
    release();
    await expect(slow).rejects.toThrow(
      /another detection run committed to this database while this detection run was reading its input; nothing of this run was stored \(run it again\)/,
    );
    await slowStore.close();
    expect(await all(db)).toEqual(afterOther);
  });

  it('a signal resolved while a run reads the events it would absorb: the run stores nothing', async () => {
    const db = join(tmp(), 'archived.db');
    await detect(db, [
      record({ eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging', eventTime: minute(0) }),
    ]);
    const store = await openStore(db);
    const open = await store.signals.list();
    expect(open.map((s) => s.ruleId)).toEqual(['stop']);
    async function* archiving(): AsyncGenerator<SourceEvent> {
      const r = record({
        eventSource: 'cloudtrail.amazonaws.com',
        eventName: 'StopLogging',
        eventTime: minute(5),
      });
      yield { record: r, time: Date.parse(r.eventTime), where: { file: 'a', line: 1, index: 0 } };
      // The engine reads the open signal when the batch is applied (at the end); archive it then, from another connection.
    }
    const other = await openStore(db);
    const engineStore = store;
    const { DetectionEngine } = await import('../../src/detect/engine.js');
    const engine = await DetectionEngine.start(engineStore, rules(), { now: CLOCK });
    for await (const ev of archiving()) await engine.process(ev);
    // Apply the queued event (the open signal is read), then archive it elsewhere before the commit.
    await (engine as unknown as { drain(): Promise<void> }).drain();
    await other.signals.setState(open[0]!.id, { state: 'resolved', at: new Date(0), by: 'test', note: null });
    await expect(engine.finish()).rejects.toThrow(
      /signal \d+ \(stop\) changed state or was removed while this detection run was reading/,
    );
    await other.close();
    await store.close();
    const after = await openStore(db);
    const signals = await after.signals.list();
    await after.close();
    expect(signals.map((s) => [s.ruleId, s.status, s.count])).toEqual([['stop', 'resolved', 1]]);
  });
});

describe('sources', () => {
  const collect = async (stream: Readable, name = 'f') => {
    const out: SourceEvent[] = [];
    for await (const e of readEvents(stream, name, (p) => problems.push(problemText(p)))) out.push(e);
    return out;
  };
  let problems: string[] = [];
  it('reads Records files (gzip or not, in small chunks), JSON lines and arrays', async () => {
    const records = [failure(0), failure(1), failure(2)];
    const doc = JSON.stringify({ Records: records }, null, 1);
    const chunks = (text: string | Buffer, size: number) =>
      Readable.from(
        Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, (i + 1) * size)),
      );
    expect((await collect(chunks(doc, 7))).map((e) => e.record.eventID)).toEqual(
      records.map((r) => r.eventID),
    );
    expect((await collect(chunks(gzipSync(doc), 5))).length).toBe(3);
    const lines = records.map((r) => JSON.stringify(r)).join('\n') + '\n';
    const read = await collect(Readable.from([lines]));
    expect(read.map((e) => e.where.line)).toEqual([1, 2, 3]);
    expect((await collect(Readable.from([JSON.stringify(records)]))).length).toBe(3);
    expect((await collect(Readable.from([doc + doc]))).length).toBe(6);
  });
  it('walks directories, skips digest files, reports errors with file and position', async () => {
    const dir = tmp();
    const trail = join(dir, 'AWSLogs', '111122223333', 'CloudTrail', 'us-east-1', '2026', '03', '02');
    mkdirSync(trail, { recursive: true });
    mkdirSync(join(dir, 'AWSLogs', '111122223333', 'CloudTrail-Digest', 'us-east-1'), { recursive: true });
    writeFileSync(
      join(trail, '111122223333_CloudTrail_us-east-1_20260302T1000Z_abc.json.gz'),
      gzipSync(JSON.stringify({ Records: [failure(0)] })),
    );
    writeFileSync(
      join(dir, 'AWSLogs', '111122223333', 'CloudTrail-Digest', 'us-east-1', 'x_CloudTrail-Digest_y.json.gz'),
      gzipSync('{"digestStartTime": "x"}'),
    );
    const source = new FileSource([dir]);
    expect(source.fileCount).toBe(1);
    const events: SourceEvent[] = [];
    for await (const e of source.events()) events.push(e);
    expect(events.length).toBe(1);
    problems = [];
    expect(
      await collect(
        Readable.from([gzipSync(JSON.stringify({ Records: [failure(0)] })).subarray(0, 20)]),
        'cut.json.gz',
      ),
    ).toEqual([]);
    expect(await collect(Readable.from(['{"Records": [{"eventID": "a"}]}']), 'm.json')).toEqual([]);
    expect(
      await collect(Readable.from([`{"Records": [${JSON.stringify(failure(0))}, `]), 'open.json'),
    ).toHaveLength(1);
    expect(problems).toEqual([
      expect.stringMatching(
        /^cut\.json\.gz: truncated gzip .*after 0 event\(s\); the rest of the file is skipped$/,
      ),
      'm.json:1: record 0: missing eventTime',
      'open.json:1: record 1: truncated: the Records array is not closed; the rest of the file is skipped',
    ]);
  });
});

describe('file order', () => {
  it('reads a trail directory by the time in the file names, across regions, then other files', () => {
    const dir = tmp();
    const file = (region: string, stamp: string) => {
      const folder = join(
        dir,
        'AWSLogs',
        '111122223333',
        'CloudTrail',
        region,
        '2026',
        '03',
        stamp.slice(6, 8),
      );
      mkdirSync(folder, { recursive: true });
      const path = join(folder, `111122223333_CloudTrail_${region}_${stamp}_x${region}.json.gz`);
      writeFileSync(path, gzipSync(JSON.stringify({ Records: [failure(0)] })));
      return path;
    };
    const order = [
      file('us-east-1', '20260301T1000Z'),
      file('eu-west-1', '20260301T1005Z'),
      file('us-east-1', '20260302T0900Z'),
      file('ap-south-1', '20260302T0905Z'),
      file('eu-west-1', '20260303T0000Z'),
    ];
    writeFileSync(join(dir, 'extra.jsonl'), JSON.stringify(failure(1)));
    expect(expandPaths([dir])).toEqual([...order, join(dir, 'extra.jsonl')]);
  });
});

describe('the bundled detection pack', () => {
  it('has at least 120 rules with MITRE technique tags, triage text, a match and a near-miss test each, and every rule test passes', async () => {
    const loaded = loadRules([join(__dirname, '..', '..', 'policies', 'detections')]);
    expect(loaded.errors).toEqual([]);
    expect(loaded.warnings).toEqual([]);
    const signalling = loaded.rules.filter((r) => r.generate);
    expect(signalling.length).toBeGreaterThanOrEqual(120);
    for (const r of signalling) {
      expect(
        r.tests.some((t) => t.expect === 'match'),
        r.id,
      ).toBe(true);
      expect(
        r.tests.some((t) => t.expect === 'no_match'),
        r.id,
      ).toBe(true);
      expect(
        r.mitre.some((t) => /^attack\.t\d{4}/.test(t)),
        r.id,
      ).toBe(true);
      expect(r.triage, r.id).not.toBe('');
    }
    const failures = (await runRuleTests(loaded.rules, loaded.intel)).filter((t) => !t.ok);
    expect(failures).toEqual([]);
  });
});
