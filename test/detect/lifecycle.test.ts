import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runDetection } from '../../src/detect/run.js';
import { compileRuleTexts } from '../../src/detect/sigma.js';
import { addSuppression, auditSuppressions, setSignalState } from '../../src/detect/triage.js';
import type { CloudTrailRecord } from '../../src/detect/record.js';
import { openStore, type Store } from '../../src/store/index.js';
import { APPLICATION_ID } from '../../src/store/sqlite/index.js';
import { MIGRATIONS } from '../../src/store/sqlite/migrations/index.js';
import { ListSource, minute, record, STOP_LOGGING_RULE } from './helpers.js';

const rules = () => compileRuleTexts([{ file: 'rules.yaml', text: STOP_LOGGING_RULE }]).rules;
const CLOCK = () => Date.UTC(2026, 2, 10);

const stop = (m: number, extra: Partial<CloudTrailRecord> & Record<string, unknown> = {}) =>
  record({
    eventSource: 'cloudtrail.amazonaws.com',
    eventName: 'StopLogging',
    eventTime: minute(m),
    ...extra,
  });

const run = (store: Store, records: CloudTrailRecord[], now = CLOCK) =>
  runDetection(store, [new ListSource(records)], rules(), { now });

describe('signal lifecycle in detection runs', () => {
  it('an acknowledged signal keeps absorbing events; a resolved one reopens, history and all, only on events dated after its resolution', async () => {
    const store = await openStore(':memory:');
    const e0 = stop(0);
    const e10 = stop(10);
    const first = await run(store, [e0]);
    const id = first.newSignals[0]!.id;
    await setSignalState(store, id, {
      state: 'acknowledged',
      by: 'ann',
      note: 'on it',
      at: new Date(minute(5)),
    });
    const second = await run(store, [e10]);
    expect(second.newSignals).toEqual([]);
    expect((await store.signals.get(id))!).toMatchObject({ status: 'acknowledged', count: 2 });

    const resolvedAt = new Date(minute(30));
    await setSignalState(store, id, { state: 'resolved', by: 'ann', note: 'change window', at: resolvedAt });
    // Re-reading the same input: de-duplicated, nothing changes.
    const reread = await run(store, [e0, e10]);
    expect([reread.duplicates, reread.newSignals.length, reread.reopenedSignals.length]).toEqual([2, 0, 0]);
    // Events read for the first time but dated before the resolution (a late file): the signal stays resolved.
    const late = await run(store, [stop(20)]);
    expect(late.newSignals).toEqual([]);
    expect(late.reopenedSignals).toEqual([]);
    expect((await store.signals.get(id))!).toMatchObject({ status: 'resolved', count: 3 });

    // New activity after the resolution reopens it: same id, history kept, reopening recorded.
    const later = await run(store, [stop(90)]);
    expect(later.newSignals).toEqual([]);
    expect(later.reopenedSignals.map((s) => s.id)).toEqual([id]);
    const reopened = (await store.signals.get(id))!;
    expect(reopened).toMatchObject({ status: 'open', closedAt: null, count: 4 });
    expect(reopened.history.map((h) => [h.state, h.by, h.note])).toEqual([
      ['acknowledged', 'ann', 'on it'],
      ['resolved', 'ann', 'change window'],
      [
        'open',
        null,
        expect.stringMatching(/^reopened: new event at 2026-03-02T11:30:00.000Z after it was resolved/),
      ],
    ]);
    // And it keeps absorbing events from there (its span restarts at the reopening).
    await run(store, [stop(100)]);
    expect((await store.signals.list()).map((s) => [s.id, s.status, s.count])).toEqual([[id, 'open', 5]]);
    await store.close();
  });

  it('re-reading old input never reopens a false positive', async () => {
    const store = await openStore(':memory:');
    const events = [stop(0), stop(1), stop(2)];
    const { newSignals } = await run(store, events);
    await setSignalState(store, newSignals[0]!.id, {
      state: 'false_positive',
      by: 'ann',
      at: new Date(minute(60)),
    });
    const again = await run(store, events);
    expect(again.reopenedSignals).toEqual([]);
    expect(again.duplicates).toBe(3);
    expect((await store.signals.list()).map((s) => s.status)).toEqual(['false_positive']);
    await store.close();
  });

  it('suppressions by rule, identity pattern and IP range silence matching events, count them and end at their expiry', async () => {
    const store = await openStore(':memory:');
    const ci = {
      type: 'AssumedRole',
      arn: 'arn:aws:sts::111122223333:assumed-role/ci-deploy/build-7',
      accountId: '111122223333',
      sessionContext: { sessionIssuer: { type: 'Role', arn: 'arn:aws:iam::111122223333:role/ci-deploy' } },
    };
    const sId = await addSuppression(store, {
      ruleId: 'stop',
      identity: 'arn:aws:iam::111122223333:role/ci-*',
      cidr: '10.0.0.0/8',
      reason: 'CI pipeline restarts the trail',
      author: 'ann',
      expiresAt: new Date(minute(200)),
      now: new Date(minute(-10)),
    });
    const clock = () => Date.parse(minute(120));
    const result = await run(
      store,
      [
        stop(0, { userIdentity: ci, sourceIPAddress: '10.1.2.3' }), // suppressed
        stop(1, { userIdentity: ci, sourceIPAddress: '203.0.113.9' }), // outside the range
        stop(2, { sourceIPAddress: '10.1.2.3' }), // another identity
      ],
      clock,
    );
    expect(result.suppressed).toBe(1);
    expect((await store.signals.list()).reduce((n, s) => n + s.count, 0)).toBe(2);
    // After its expiry the suppression is no longer applied.
    const after = await run(store, [stop(210, { userIdentity: ci, sourceIPAddress: '10.1.2.3' })], () =>
      Date.parse(minute(215)),
    );
    expect(after.suppressed).toBe(0);
    const [s] = await store.suppressions.list({ includeInactive: true });
    expect(s).toMatchObject({
      id: sId,
      hits: 1,
      lastHitAt: new Date(minute(0)).toISOString(),
      author: 'ann',
    });
    await expect(addSuppression(store, { reason: 'x', author: null, cidr: '10.0.0.0/33' })).rejects.toThrow(
      /--cidr 10.0.0.0\/33: expected an IP address or a CIDR range/,
    );
    await expect(addSuppression(store, { reason: 'x', author: null })).rejects.toThrow(/at least one of/);
    await expect(addSuppression(store, { reason: ' ', author: null, ruleId: 'stop' })).rejects.toThrow(
      /--reason/,
    );
    const audit = await auditSuppressions(store, new Date(minute(30)), 14);
    expect(audit.unused).toEqual([]);
    expect(audit.expiring.map((x) => x.id)).toEqual([sId]);
    await store.suppressions.remove(sId, { at: new Date(minute(40)), by: 'bob' });
    expect((await auditSuppressions(store, new Date(minute(45)), 14)).ended).toMatchObject([
      { id: sId, removedBy: 'bob' },
    ]);
    await store.close();
  });
});

describe('migration 009: archived signals become resolved', () => {
  it('keeps the archive time as the resolution, with a history entry', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'stance-lifecycle-')), 'stance.db');
    const db = new Database(path);
    for (const m of MIGRATIONS.slice(0, 8)) if (typeof m === 'string') db.exec(m);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma('user_version = 8');
    db.prepare(
      `INSERT INTO signals (id, rule_id, group_key, severity, status, first_seen, last_seen, count, title, archived_at)
       VALUES (1, 'r', 'g', 'high', 'archived', 1000, 2000, 1, 'R', 5000), (2, 'r', 'h', 'low', 'open', 1000, 2000, 1, 'R', NULL)`,
    ).run();
    db.close();
    const store = await openStore(path);
    const [open, resolved] = [(await store.signals.get(2))!, (await store.signals.get(1))!];
    expect(resolved).toMatchObject({ status: 'resolved', closedAt: new Date(5000).toISOString() });
    expect(resolved.history).toEqual([
      { state: 'resolved', at: new Date(5000).toISOString(), by: null, note: 'archived' },
    ]);
    expect(open).toMatchObject({ status: 'open', closedAt: null, history: [] });
    await store.close();
  });
});
