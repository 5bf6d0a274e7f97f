import { describe, expect, it } from 'vitest';
import type { NewSignal, SignalEventSummary, Store } from '../../src/store/index.js';
import { inspectPostgres } from '../../src/store/postgres/index.js';
import { inspectSqlite } from '../../src/store/sqlite/index.js';
import { at, backends, evaluation, okRun, openStore, resource, type Backend } from './helpers.js';

const eventSummary = (id: string, t: number, over: Partial<SignalEventSummary> = {}): SignalEventSummary => ({
  id,
  time: new Date(t).toISOString(),
  recorded: true,
  eventName: 'ConsoleLogin',
  eventSource: 'signin.amazonaws.com',
  awsRegion: 'us-east-1',
  sourceIPAddress: '198.51.100.7',
  userAgent: 'Mozilla/5.0',
  identityType: 'IAMUser',
  identityArn: 'arn:aws:iam::1:user/a',
  principalId: 'AIDAEXAMPLE',
  userName: 'a',
  sessionName: null,
  accessKeyId: null,
  recipientAccountId: '111111111111',
  errorCode: null,
  resources: {},
  ...over,
});

/** Makes a signal look raised before the store kept event summaries (what the migration leaves). */
async function forgetSummaries(backend: Backend, store: Store, id: number): Promise<void> {
  if (backend.name === 'sqlite')
    await inspectSqlite(store, (db) =>
      db.prepare('UPDATE signals SET event_summaries = NULL WHERE id = ?').run(id),
    );
  else
    await inspectPostgres(store, (client) =>
      client.query('UPDATE signals SET event_summaries = NULL WHERE id = $1', [id]),
    );
}

const newSignal = (ruleId: string, groupKey: string, t: number): NewSignal => ({
  ruleId,
  groupKey,
  title: `${ruleId} title`,
  severity: 'medium',
  ruleSeverity: 'medium',
  reason: null,
  firstSeen: t,
  lastSeen: t,
  count: 1,
  events: [[t, `${ruleId}-e1`]],
  eventSummaries: [eventSummary(`${ruleId}-e1`, t)],
  resourceIds: ['arn:aws:iam::1:user/a'],
  group: { user: groupKey },
  notes: [],
  mitre: ['attack.t1078'],
  createdAt: t,
});

describe.each(backends)('store ($name): detection state', (backend) => {
  it('keeps rule state as JSON values', async () => {
    const store = await openStore(backend);
    await store.detection.writeState(
      [
        ['watermark', 42],
        ['corr:x', [['g', [[1, 'e', '', 0, 0]]]]],
      ],
      0,
    );
    const state = await store.detection.readState(['watermark', 'corr:x', 'missing']);
    expect(Object.fromEntries(state)).toEqual({ watermark: 42, 'corr:x': [['g', [[1, 'e', '', 0, 0]]]] });
    await store.close();
  });

  it('an event log tells new ids from ones read before, in this run or committed by an earlier one; one run at a time', async () => {
    const store = await openStore(backend);
    const log = await store.detection.startEventLog();
    expect(await log.check(['a', 'b', 'a', undefined])).toEqual([true, true, false, true]);
    await expect(store.detection.startEventLog()).rejects.toThrow(/already in progress/);
    await store.transaction((tx) => tx.detection.commitEventLog(log, { watermark: 1000, forgetBefore: 0 }));
    await log.close();
    await log.close(); // twice is harmless
    await expect(log.check(['z'])).rejects.toThrow(/closed/);

    const next = await store.detection.startEventLog();
    expect(await next.check(['a', 'c'])).toEqual([false, true]);
    await next.close(); // not committed: c is forgotten
    const third = await store.detection.startEventLog();
    expect(await third.check(['c'])).toEqual([true]);
    // ids older than forgetBefore go at the next commit
    await store.transaction((tx) =>
      tx.detection.commitEventLog(third, { watermark: 5000, forgetBefore: 2000 }),
    );
    await third.close();
    const fourth = await store.detection.startEventLog();
    expect(await fourth.check(['a', 'c'])).toEqual([true, false]);
    await fourth.close();
    await store.close();
  });

  it('checkpoints: replaced and pruned per source, or only moved forward', async () => {
    const store = await openStore(backend);
    const cp = (key: string, lastModified: number, processedAt = 1) => ({
      key,
      etag: `e-${key}`,
      lastModified,
      processedAt,
    });
    await store.detection.saveCheckpoints('s3://b', [cp('k1', 10), cp('k2', 20)]);
    await store.detection.saveCheckpoints('s3://b', [cp('k2', 25)], 15);
    expect((await store.detection.checkpoints('s3://b')).map((c) => [c.key, c.lastModified])).toEqual([
      ['k2', 25],
    ]);
    await store.detection.advanceCheckpoints('lookup', [
      { key: 'us-east-1', etag: '', lastModified: 50, processedAt: 60 },
    ]);
    await store.detection.advanceCheckpoints('lookup', [
      { key: 'us-east-1', etag: '', lastModified: 40, processedAt: 70 },
    ]);
    expect(await store.detection.checkpoints('lookup')).toEqual([
      { key: 'us-east-1', etag: '', lastModified: 50, processedAt: 70 },
    ]);
    expect(await store.detection.checkpoints('other')).toEqual([]);
    await store.close();
  });
});

describe.each(backends)('store ($name): signals', (backend) => {
  it('inserts, continues the latest signal, refuses updates whose state changed, lists and filters', async () => {
    const store = await openStore(backend);
    const [a, b] = await store.signals.insert([newSignal('r1', 'alice', 1000), newSignal('r2', 'bob', 2000)]);
    expect(a).toMatchObject({
      ruleId: 'r1',
      status: 'open',
      count: 1,
      eventIds: ['r1-e1'],
      group: { user: 'alice' },
      closedAt: null,
      history: [],
    });
    const latest = await store.signals.latest([
      { ruleId: 'r1', groupKey: 'alice' },
      { ruleId: 'r1', groupKey: 'nobody' },
    ]);
    expect(latest).toMatchObject([
      {
        id: a!.id,
        ruleId: 'r1',
        groupKey: 'alice',
        status: 'open',
        closedAt: null,
        events: [[1000, 'r1-e1']],
      },
    ]);
    expect(
      await store.signals.setState(b!.id, { state: 'resolved', at: at(0), by: 'ann', note: 'benign' }),
    ).toMatchObject({ status: 'resolved', closedAt: at(0).toISOString() });
    expect(await store.signals.setState(9999, { state: 'resolved', at: at(0), by: null, note: null })).toBe(
      undefined,
    );
    const update = {
      ...newSignal('r1', 'alice', 1000),
      count: 2,
      lastSeen: 3000,
      events: [
        [1000, 'r1-e1'],
        [3000, 'r1-e2'],
      ] as [number, string][],
    };
    // b was read open but is resolved now: not updated. a was acknowledged meanwhile: still active, updated.
    await store.signals.setState(a!.id, { state: 'acknowledged', at: at(0), by: 'ann', note: null });
    expect(
      await store.signals.update([
        { ...update, id: a!.id, expectStatus: 'open' },
        { ...update, id: b!.id, expectStatus: 'open' },
      ]),
    ).toEqual([b!.id]);
    expect(await store.signals.latest([{ ruleId: 'r2', groupKey: 'bob' }])).toMatchObject([
      { id: b!.id, status: 'resolved', closedAt: at(0).getTime() },
    ]);
    const listed = await store.signals.list();
    expect(listed.map((s) => [s.ruleId, s.status, s.count])).toEqual([
      ['r1', 'acknowledged', 2],
      ['r2', 'resolved', 1],
    ]);
    expect((await store.signals.list({ status: 'resolved' })).map((s) => s.ruleId)).toEqual(['r2']);
    expect((await store.signals.list({ ruleId: 'r1' })).map((s) => s.id)).toEqual([a!.id]);
    expect(await store.signals.list({ resourceId: 'arn:aws:iam::1:user/a' })).toHaveLength(2);
    expect(await store.signals.list({ since: new Date(2500) })).toHaveLength(1);
    expect(await store.signals.list({ until: new Date(1500) })).toHaveLength(1);
    await store.close();
  });

  it('keeps event summaries with the signal: read whole by id and by a run continuing it, replaced by an update; older signals say they have none', async () => {
    const store = await openStore(backend);
    const [a, old] = await store.signals.insert([
      newSignal('r1', 'alice', 1000),
      newSignal('r2', 'bob', 2000),
    ]);
    const got = await store.signals.get(a!.id);
    expect(got!.events).toEqual({
      recorded: true,
      note: null,
      items: [eventSummary('r1-e1', 1000)],
      total: 1,
    });
    // Lists stay lean: no summaries.
    expect((await store.signals.list())[0]!.events).toBeUndefined();
    const [latest] = await store.signals.latest([{ ruleId: 'r1', groupKey: 'alice' }]);
    expect(latest!.eventSummaries).toEqual([eventSummary('r1-e1', 1000)]);

    const second = eventSummary('r1-e2', 3000, { eventName: 'DeleteTrail', resources: { name: 'main' } });
    await store.signals.update([
      {
        ...newSignal('r1', 'alice', 1000),
        id: a!.id,
        expectStatus: 'open',
        count: 7,
        lastSeen: 3000,
        events: [
          [1000, 'r1-e1'],
          [3000, 'r1-e2'],
        ],
        eventSummaries: [eventSummary('r1-e1', 1000), second],
      },
    ]);
    expect((await store.signals.get(a!.id))!.events).toMatchObject({
      recorded: true,
      items: [{ id: 'r1-e1' }, second],
      total: 7,
    });

    await forgetSummaries(backend, store, old!.id);
    const before = await store.signals.get(old!.id);
    expect(before!.events).toEqual({
      recorded: false,
      note: expect.stringMatching(/^events not recorded \(raised before schema \d+\)$/),
      items: [],
      total: 1,
    });
    expect((await store.signals.latest([{ ruleId: 'r2', groupKey: 'bob' }]))[0]!.eventSummaries).toBeNull();
    await store.close();
  });

  it('counts signals and events per rule and UTC day of first sighting, with false positives', async () => {
    const store = await openStore(backend);
    const day1 = Date.UTC(2026, 2, 1, 23, 59);
    const day2 = Date.UTC(2026, 2, 2, 0, 1);
    const [a] = await store.signals.insert([
      { ...newSignal('r1', 'alice', day1), count: 3 },
      newSignal('r1', 'bob', day1),
      newSignal('r1', 'carol', day2),
      newSignal('r2', 'alice', day2),
    ]);
    await store.signals.setState(a!.id, {
      state: 'false_positive',
      at: new Date(day2),
      by: 'ann',
      note: null,
    });
    expect(await store.signals.dailyCounts()).toEqual([
      { ruleId: 'r1', day: '2026-03-01', signals: 2, events: 4, falsePositives: 1 },
      { ruleId: 'r1', day: '2026-03-02', signals: 1, events: 1, falsePositives: 0 },
      { ruleId: 'r2', day: '2026-03-02', signals: 1, events: 1, falsePositives: 0 },
    ]);
    expect(await store.signals.dailyCounts({ since: new Date(day2), ruleId: 'r1' })).toEqual([
      { ruleId: 'r1', day: '2026-03-02', signals: 1, events: 1, falsePositives: 0 },
    ]);
    expect(await store.signals.dailyCounts({ until: new Date(day2) })).toHaveLength(1);
    await store.close();
  });

  it('keeps every state change with who, when and the note; reopening by a run is recorded too', async () => {
    const store = await openStore(backend);
    const [s] = await store.signals.insert([newSignal('r1', 'alice', 1000)]);
    await store.signals.setState(s!.id, { state: 'acknowledged', at: at(10), by: 'ann', note: 'looking' });
    // Same state without a note: nothing recorded.
    await store.signals.setState(s!.id, { state: 'acknowledged', at: at(11), by: 'ann', note: null });
    await store.signals.setState(s!.id, { state: 'false_positive', at: at(20), by: 'bob', note: 'pen test' });
    expect(
      await store.signals.update([
        {
          ...newSignal('r1', 'alice', 1000),
          id: s!.id,
          count: 2,
          lastSeen: at(30).getTime(),
          expectStatus: 'false_positive',
          reopen: { at: at(30).getTime(), note: 'reopened: new event' },
        },
      ]),
    ).toEqual([]);
    const got = await store.signals.get(s!.id);
    expect(got).toMatchObject({ status: 'open', closedAt: null, count: 2 });
    expect(got!.history).toEqual([
      { state: 'acknowledged', at: at(10).toISOString(), by: 'ann', note: 'looking' },
      { state: 'false_positive', at: at(20).toISOString(), by: 'bob', note: 'pen test' },
      { state: 'open', at: at(30).toISOString(), by: null, note: 'reopened: new event' },
    ]);
    expect((await store.signals.list())[0]!.history).toHaveLength(3);
    await store.close();
  });
});

describe.each(backends)('store ($name): suppressions', (backend) => {
  it('adds, lists those in force, removes (kept for audit) and counts hits', async () => {
    const store = await openStore(backend);
    const base = { identity: null, cidr: null, reason: 'scanner', author: 'ann', createdAt: at(0) };
    const a = await store.suppressions.add({ ...base, ruleId: 'r1' });
    const b = await store.suppressions.add({ ...base, ruleId: null, cidr: '10.0.0.0/8', expiresAt: at(5) });
    const c = await store.suppressions.add({ ...base, ruleId: 'r2', identity: 'arn:aws:iam::1:role/ci*' });
    expect((await store.suppressions.list({ at: at(1) })).map((s) => s.id)).toEqual([a, b, c]);
    expect((await store.suppressions.list({ at: at(6) })).map((s) => s.id)).toEqual([a, c]);
    expect(await store.suppressions.remove(c, { at: at(2), by: 'bob' })).toBe(true);
    expect(await store.suppressions.remove(c, { at: at(3), by: 'bob' })).toBe(false);
    expect(await store.suppressions.remove(999, { at: at(3), by: 'bob' })).toBe(false);
    await store.suppressions.recordHits([
      { id: a, count: 3, lastHit: 7000 },
      { id: a, count: 2, lastHit: 5000 },
    ]);
    const all = await store.suppressions.list({ includeInactive: true });
    expect(all.map((s) => [s.id, s.hits, s.lastHitAt, s.removedBy])).toEqual([
      [a, 5, new Date(7000).toISOString(), null],
      [b, 0, null, null],
      [c, 0, null, 'bob'],
    ]);
    expect(all[2]).toMatchObject({
      ruleId: 'r2',
      identity: 'arn:aws:iam::1:role/ci*',
      removedAt: at(2).toISOString(),
    });
    await store.close();
  });
});

describe.each(backends)('store ($name): outbox', (backend) => {
  it('delivers due messages, retries with backoff, gives up, and counts', async () => {
    const store = await openStore(backend);
    expect(
      await store.outbox.enqueue(
        [
          { channel: 'webhook:https://a', payload: '{"n":1}' },
          { channel: 'webhook:https://a', payload: '{"n":2}', scanId: 7 },
          { channel: 'slack:https://b', payload: '{"n":3}' },
        ],
        at(0),
      ),
    ).toBe(3);
    const due = await store.outbox.due(at(0), 10);
    expect(due.map((r) => r.payload)).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);
    expect(new Set(due.map((r) => r.deliveryId)).size).toBe(3);
    await store.outbox.markDelivered(due[0]!.id, at(1));
    await store.outbox.markRetry(due[1]!.id, { attempts: 1, nextAttemptAt: at(10), error: 'timeout' });
    await store.outbox.markFailed(due[2]!.id, {
      at: at(1),
      error: 'channel no longer configured',
      channel: 'slack:legacy',
    });
    expect(await store.outbox.due(at(5), 10)).toEqual([]);
    expect((await store.outbox.due(undefined, 10)).map((r) => [r.payload, r.attempts])).toEqual([
      ['{"n":2}', 1],
    ]);
    expect(await store.outbox.status()).toEqual({ delivered: 1, pending: 1, failed: 1 });
    await store.close();
  });

  it('groups queued alert items per finished scan and route; re-keys pending rows; remembers alerted episodes', async () => {
    const store = await openStore(backend);
    await okRun(store, 0, 'eu', [resource('a', 'eu')], []);
    const scanId = (await store.scans.last())!.id;
    await store.outbox.queueAlertItems(
      scanId,
      [
        { route: 'webhook:0123456789abcdef', item: '{"i":1}' },
        { route: 'slack:x', item: '{"i":2}' },
        { route: 'webhook:0123456789abcdef', item: '{"i":3}' },
      ],
      at(0),
    );
    await store.outbox.enqueue([{ channel: 'email:fedcba9876543210', payload: '{}' }], at(0));
    expect((await store.outbox.pendingChannelKeys()).sort()).toEqual([
      'email:fedcba9876543210',
      'webhook:0123456789abcdef',
    ]);
    await store.transaction(async (tx) => {
      await tx.outbox.rekey('webhook:0123456789abcdef', 'webhook:https://a');
    });
    const groups = await store.outbox.alertGroups(process.pid);
    expect(groups.map((g) => g.route).sort()).toEqual(['slack:x', 'webhook:https://a']);
    expect(await store.outbox.takeAlertItems({ scanId, route: 'webhook:https://a' })).toEqual([
      '{"i":1}',
      '{"i":3}',
    ]);
    expect(await store.outbox.takeAlertItems({ scanId, route: 'webhook:https://a' })).toEqual([]);

    expect(await store.outbox.lastAlerted('stale:t')).toBeUndefined();
    await store.outbox.setLastAlerted('stale:t', 'never', at(0));
    expect(await store.outbox.lastAlerted('stale:t')).toBe('never');
    await store.close();
  });
});

describe.each(backends)('store ($name): scans and resources', (backend) => {
  it('lists the resources of a type that existed at an instant, with their scope', async () => {
    const store = await openStore(backend);
    await okRun(store, 0, 'eu', [resource('a', 'eu'), resource('b', 'eu')], []);
    await okRun(store, 10, 'eu', [resource('b', 'eu', { v: 2 }), resource('c', 'eu')], []);
    const ids = async (minute: number) =>
      (await store.resources.existedAt(at(minute), 'aws.ec2.thing')).map((r) => r.resourceId);
    expect(await ids(5)).toEqual(['a', 'b']);
    expect(await ids(10)).toEqual(['b', 'c']);
    expect(await store.resources.existedAt(at(5), 'aws.s3.bucket')).toEqual([]);
    expect((await store.resources.existedAt(at(5), 'aws.ec2.thing'))[0]).toEqual({
      resourceId: 'a',
      account: '1',
      region: 'eu',
      name: 'a',
      tags: {},
      scopeKey: 'aws/1/eu/ec2',
    });
    await store.close();
  });

  it('answers the daemon and detection lookups', async () => {
    const store = await openStore(backend);
    expect(await store.scans.lastStarted('daemon:t')).toBeUndefined();
    const id = await store.scans.begin({ startedAt: at(0), bundleVersion: 'b1', command: 'daemon:t' });
    expect(await store.scans.lastStarted('daemon:t')).toEqual(at(0));
    expect(await store.scans.lastSucceeded('daemon:t')).toBeUndefined();
    await store.scans.finish(id, { finishedAt: at(2), status: 'partial' });
    expect(await store.scans.lastSucceeded('daemon:t')).toEqual(at(2));
    expect(await store.scans.last()).toMatchObject({ id, status: 'partial', command: 'daemon:t' });

    const user = {
      ...resource('arn:aws:iam::1:user/ops/alice', 'global'),
      type: 'aws.iam.user',
      name: 'alice',
      tags: { 'stance.dev/ignore': 'r-a: test account' },
    };
    await okRun(
      store,
      5,
      'global',
      [user],
      [{ resourceId: user.id, ruleId: 'r-a', status: 'fail', message: 'no MFA' }],
    );
    expect(await store.resources.existing([user.id, 'arn:aws:iam::1:user/alice'])).toEqual(
      new Set([user.id]),
    );
    expect(
      await store.resources.liveIdsByName([
        { type: 'aws.iam.user', account: '1', name: 'alice' },
        { type: 'aws.iam.user', account: '1', name: 'bob' },
      ]),
    ).toEqual([user.id, undefined]);
    expect(await store.resources.withTagText('stance.dev/ignore')).toEqual([
      { resourceId: user.id, sourceFile: null, tags: { 'stance.dev/ignore': 'r-a: test account' } },
    ]);
    expect(await store.resources.withTagText('100%_')).toEqual([]);
    expect(Object.fromEntries(await store.findings.severeFailures([user.id, 'other']))).toEqual({
      [user.id]: [{ ruleId: 'r-a', severity: 'high' }],
    });
    await store.close();
  });

  it('lists the failing findings of live resources, lean, as the full rows list them', async () => {
    const store = await openStore(backend);
    const [a, b, gone] = ['i-a', 'i-b', 'i-gone'].map((id) => resource(id, 'eu'));
    await okRun(
      store,
      1,
      'eu',
      [a!, b!, gone!],
      [
        evaluation('i-a', 'r-a', 'fail', 'open to the world'),
        evaluation('i-a', 'r-b', 'fail'),
        evaluation('i-b', 'r-a', 'pass'),
        evaluation('i-b', 'r-b', 'error', 'not collected'),
        evaluation('i-gone', 'r-a', 'fail'),
      ],
    );
    // i-gone is no longer listed: deleted, its failure closed
    await okRun(
      store,
      2,
      'eu',
      [a!, b!],
      [
        evaluation('i-a', 'r-a', 'fail', 'open to the world'),
        evaluation('i-a', 'r-b', 'fail'),
        evaluation('i-b', 'r-a', 'pass'),
        evaluation('i-b', 'r-b', 'fail', 'now failing'),
      ],
    );
    const failing = await store.findings.failing();
    expect(failing).toEqual([
      { resourceId: 'i-a', ruleId: 'r-a', severity: 'high', account: '1', region: 'eu', sourceFile: null },
      { resourceId: 'i-a', ruleId: 'r-b', severity: 'low', account: '1', region: 'eu', sourceFile: null },
      { resourceId: 'i-b', ruleId: 'r-b', severity: 'low', account: '1', region: 'eu', sourceFile: null },
    ]);
    const full = await store.findings.current({ status: 'fail' });
    expect(failing).toEqual(
      full.map((f) => ({
        resourceId: f.resourceId,
        ruleId: f.ruleId,
        severity: f.severity,
        account: f.account,
        region: f.region,
        sourceFile: f.sourceFile,
      })),
    );
    await store.close();
  });
});
