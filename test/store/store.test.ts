import { describe, expect, it } from 'vitest';
import { cutoffFor, parseRetention, StoreError, type Store } from '../../src/store/index.js';
import {
  at,
  backends,
  errorRun,
  evaluation as ev,
  okRun,
  openStore as open,
  resource,
  scope,
} from './helpers.js';

const TABLES = [
  'resources',
  'resource_versions',
  'config_blobs',
  'findings',
  'finding_history',
  'trend_daily',
];

describe.each(backends)('store ($name): transitions and scopes', (backend) => {
  const openStore = () => open(backend);
  const tableCounts = (store: Store) => backend.rowCounts(store, TABLES);

  it('records new findings, then writes nothing for an unchanged rescan', async () => {
    const store = await openStore();
    const first = await okRun(
      store,
      0,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('a', 'r-b', 'pass'), ev('b', 'r-a', 'pass')],
    );
    expect(
      first.transitions.map((t) => `${t.resourceId}/${t.ruleId}:${t.from}->${t.to}:${t.cause}`).sort(),
    ).toEqual(['a/r-a:null->fail:new', 'a/r-b:null->pass:new', 'b/r-a:null->pass:new']);
    const before = await tableCounts(store);
    const changes = await backend.totalChanges(store);
    const again = await okRun(
      store,
      15,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('a', 'r-b', 'pass'), ev('b', 'r-a', 'pass')],
    );
    expect(again.transitions).toEqual([]);
    expect(again.rowsWritten).toBe(0);
    expect(await tableCounts(store)).toEqual(before);
    // only the scans row (insert + finish) and the scope_runs row were written
    expect((await backend.totalChanges(store)) - changes).toBe(3);
    expect(await store.checkInvariants()).toEqual([]);
  });

  it('closes and opens intervals on a status change, with the cause', async () => {
    const store = await openStore();
    await okRun(store, 0, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'pass')]);
    const flip = await okRun(store, 10, 'eu', [resource('a', 'eu', { v: 2 })], [ev('a', 'r-a', 'fail')]);
    expect(flip.transitions).toMatchObject([{ from: 'pass', to: 'fail', cause: 'config' }]);
    const bundle = await okRun(
      store,
      20,
      'eu',
      [resource('a', 'eu', { v: 2 })],
      [ev('a', 'r-a', 'pass')],
      'b2',
    );
    expect(bundle.transitions).toMatchObject([{ from: 'fail', to: 'pass', cause: 'bundle' }]);
    const rule = await okRun(
      store,
      30,
      'eu',
      [resource('a', 'eu', { v: 2 })],
      [ev('a', 'r-a', 'fail')],
      'b2',
    );
    expect(rule.transitions).toMatchObject([{ from: 'pass', to: 'fail', cause: 'rule' }]);
    const detail = (await store.resources.get('a'))!;
    expect(detail.history.map((h) => [h.status, h.validFrom, h.validTo, h.cause])).toEqual([
      ['pass', at(0).toISOString(), at(10).toISOString(), 'new'],
      ['fail', at(10).toISOString(), at(20).toISOString(), 'config'],
      ['pass', at(20).toISOString(), at(30).toISOString(), 'bundle'],
      ['fail', at(30).toISOString(), null, 'rule'],
    ]);
    expect(detail.versions).toHaveLength(2);
    expect(await store.resources.configAt('a', at(5))).toEqual({ v: 1 });
    expect(await store.resources.configAt('a', at(10))).toEqual({ v: 2 });
    expect((await store.findings.current())[0]).toMatchObject({
      status: 'fail',
      since: at(30).toISOString(),
      severity: 'high',
    });
    expect(await store.checkInvariants()).toEqual([]);
  });

  it('a scope that errored changes nothing; deletion needs a successful run', async () => {
    const store = await openStore();
    await okRun(
      store,
      0,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('b', 'r-a', 'pass')],
    );
    await okRun(store, 0, 'us', [resource('c', 'us')], [ev('c', 'r-a', 'fail')]);
    const findings = await store.findings.current();
    const failed = await errorRun(store, 10, 'eu');
    expect(failed.transitions).toEqual([]);
    expect(await store.findings.current()).toEqual(findings);
    expect((await store.scans.scopeStates()).find((s) => s.key === 'aws/1/eu/ec2')).toMatchObject({
      lastRunStatus: 'error',
      lastError: 'AccessDenied',
    });
    const gone = await okRun(store, 20, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail')]);
    expect(gone.resourcesDeleted).toBe(1);
    expect(gone.transitions).toMatchObject([{ resourceId: 'b', from: 'pass', to: null, cause: 'deleted' }]);
    expect((await store.resources.list()).map((r) => r.resourceId)).toEqual(['a', 'c']);
    expect(
      (await store.resources.list({ includeDeleted: true })).find((r) => r.resourceId === 'b')?.deletedAt,
    ).toBe(at(20).toISOString());
    // the other scope is untouched
    expect(await store.findings.current({ resourceId: 'c' })).toHaveLength(1);
    // reappearance reopens the resource with a new interval
    const back = await okRun(
      store,
      30,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('b', 'r-a', 'pass')],
    );
    expect(back.transitions).toMatchObject([{ resourceId: 'b', from: null, to: 'pass' }]);
    expect((await store.resources.list()).map((r) => r.resourceId)).toEqual(['a', 'b', 'c']);
    expect(await store.checkInvariants()).toEqual([]);
  });

  it('a rule that stops applying closes its finding, named by the resource id', async () => {
    const store = await openStore();
    await okRun(store, 0, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail'), ev('a', 'r-b', 'pass')]);
    const result = await okRun(store, 5, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail')]);
    expect(result.transitions).toEqual([
      {
        resourceId: 'a',
        resourceType: 'aws.ec2.thing',
        ruleId: 'r-b',
        from: 'pass',
        to: null,
        cause: 'rule',
        message: '',
      },
    ]);
    expect((await store.findings.current()).map((f) => f.ruleId)).toEqual(['r-a']);
    expect(await store.checkInvariants()).toEqual([]);
  });

  it('a resource moved to another scope keeps its key, history and findings', async () => {
    const store = await openStore();
    await okRun(store, 0, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail')]);
    const moved = await okRun(store, 10, 'us', [resource('a', 'us')], [ev('a', 'r-a', 'fail')]);
    expect(moved.transitions).toEqual([]);
    const emptied = await okRun(store, 20, 'eu', [], []);
    expect(emptied.resourcesDeleted).toBe(0);
    expect(await store.findings.current()).toMatchObject([{ resourceId: 'a', region: 'us', status: 'fail' }]);
    expect((await store.resources.get('a'))!.history).toHaveLength(1);
    expect(await store.checkInvariants()).toEqual([]);
  });

  it('rejects an evaluation for a resource not in the run, rolling back the whole scope', async () => {
    const store = await openStore();
    await expect(
      okRun(store, 0, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail'), ev('zzz', 'r-a', 'pass')]),
    ).rejects.toThrow(StoreError);
    expect((await tableCounts(store)).findings).toBe(0);
    expect((await tableCounts(store)).resources).toBe(0);
  });

  it('rejects bad listings and evaluations with one-line errors', async () => {
    const store = await openStore();
    const scan = await store.scans.begin({ startedAt: at(0), bundleVersion: 'b1', command: 'test' });
    const run = (resources: ReturnType<typeof resource>[], evaluations: ReturnType<typeof ev>[]) =>
      store.scans.recordScopeRun(scan, scope('eu'), {
        status: 'ok',
        startedAt: at(0),
        finishedAt: at(0),
        resources,
        evaluations,
      });
    await expect(run([resource('a', 'eu'), resource('a', 'eu')], [])).rejects.toThrow(
      'resource a is listed twice in one scope run',
    );
    await expect(run([resource('', 'eu')], [])).rejects.toThrow(/has an empty id or type/);
    await expect(run([resource('a', 'eu')], [ev('a', 'r-zzz', 'pass')])).rejects.toThrow(
      'evaluation for rule r-zzz, which is not in the rule manifest (call rules.sync first)',
    );
    await expect(
      run([resource('a', 'eu')], [ev('a', 'r-a', 'pass'), ev('a', 'r-a', 'fail')]),
    ).rejects.toThrow('two evaluations of rule r-a on a');
    await expect(
      store.scans.recordScopeRun(999, scope('eu'), {
        status: 'ok',
        startedAt: at(0),
        finishedAt: at(0),
        resources: [],
        evaluations: [],
      }),
    ).rejects.toThrow('scan 999 does not exist');
    expect(await tableCounts(store)).toMatchObject({ resources: 0, findings: 0 });
  });

  it('keeps daily trend rows from transitions and carries them forward', async () => {
    const store = await openStore();
    await okRun(
      store,
      0,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('b', 'r-a', 'pass')],
    );
    await okRun(
      store,
      2 * 1440,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'pass'), ev('b', 'r-a', 'pass')],
    );
    const trend = (await store.findings.trend(at(0), at(3 * 1440))).filter((t) => t.ruleId === 'r-a');
    expect(trend.map((t) => [t.day, t.pass, t.fail])).toEqual([
      ['2026-01-01', 1, 1],
      ['2026-01-02', 1, 1],
      ['2026-01-03', 2, 0],
      ['2026-01-04', 2, 0],
    ]);
    expect(await store.findings.countByStatus()).toEqual([{ status: 'pass', count: 2 }]);
  });
});

describe.each(backends)('store ($name): retention', (backend) => {
  it('parses retention windows', () => {
    expect(parseRetention('15mo')).toEqual({ months: 15 });
    expect(parseRetention('400d')).toEqual({ days: 400 });
    expect(parseRetention('2y')).toEqual({ months: 24 });
    expect(() => parseRetention('soon')).toThrow(/expected a number and a unit/);
    expect(parseRetention('100y')).toEqual({ months: 1200 });
    expect(() => parseRetention('101y')).toThrow(/at most 100 years/);
    expect(() => parseRetention('99999999999y')).toThrow(/at most 100 years/);
    expect(() => parseRetention('36601d')).toThrow(/at most 100 years/);
    expect(cutoffFor(new Date('2026-11-23T00:00:00Z')).toISOString()).toBe('2025-08-23T00:00:00.000Z');
  });

  it('prunes closed history before the cutoff and keeps open intervals', async () => {
    const store = await open(backend);
    await okRun(
      store,
      0,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('b', 'r-a', 'pass')],
    );
    await okRun(store, 100, 'eu', [resource('a', 'eu', { v: 2 })], [ev('a', 'r-a', 'pass')]);
    await okRun(store, 10_000, 'eu', [resource('a', 'eu', { v: 2 })], [ev('a', 'r-a', 'pass')]);
    const result = await store.prune({ olderThan: at(5000) });
    expect(result.findingHistory).toBe(2); // a:fail [0,100) and b:pass [0,100)
    expect(result.resources).toBe(1); // b, deleted at 100
    expect(result.resourceVersions).toBe(2);
    expect(result.scopeRuns).toBe(1); // the run at 0; the last run before the cutoff is kept
    expect(await store.findings.current()).toMatchObject([{ resourceId: 'a', status: 'pass' }]);
    expect((await store.findings.asOf(at(10_001))).findings).toMatchObject([
      { resourceId: 'a', status: 'pass' },
    ]);
    expect(await store.checkInvariants()).toEqual([]);
  });
});

describe.each(backends)('store ($name): delta runs', (backend) => {
  it('a delta leaves the same findings and history as the equivalent full listing', async () => {
    const full = await open(backend);
    const delta = await open(backend);
    const start = [resource('a', 'eu'), resource('b', 'eu'), resource('c', 'eu')];
    const evals = [
      ev('a', 'r-a', 'pass'),
      ev('b', 'r-a', 'fail'),
      ev('c', 'r-a', 'pass'),
      ev('c', 'r-b', 'pass'),
    ];
    await okRun(full, 0, 'eu', start, evals);
    await okRun(delta, 0, 'eu', start, evals);
    // then: a flips to fail with a new config, c is deleted, b unchanged
    await okRun(
      full,
      15,
      'eu',
      [resource('a', 'eu', { v: 9 }), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('b', 'r-a', 'fail')],
    );
    const scan = await delta.scans.begin({ startedAt: at(15), bundleVersion: 'b1', command: 'test' });
    const result = await delta.scans.recordScopeDelta(scan, scope('eu'), {
      startedAt: at(15),
      finishedAt: at(15),
      changed: [resource('a', 'eu', { v: 9 })],
      evaluations: [ev('a', 'r-a', 'fail')],
      deleted: ['c'],
    });
    expect(result.resourcesDeleted).toBe(1);
    expect(await delta.findings.current()).toEqual(await full.findings.current());
    for (const id of ['a', 'b', 'c'])
      expect((await delta.resources.get(id))?.history).toEqual((await full.resources.get(id))?.history);
    expect((await delta.findings.asOf(at(16))).findings).toEqual((await full.findings.asOf(at(16))).findings);
    expect(await delta.checkInvariants()).toEqual([]);
  });
});

describe.each(backends)('store ($name): two writers with different clocks', (backend) => {
  it('a run whose clock reads earlier than one already committed is recorded at the committed time', async () => {
    const store = await open(backend);
    // Process A read its clock at minute 10 and committed first; process B read minute 5, then waited for the lock.
    await okRun(store, 10, 'eu', [resource('x', 'eu')], [ev('x', 'r-a', 'fail')]);
    await okRun(store, 5, 'eu', [resource('x', 'eu')], [ev('x', 'r-a', 'pass')]);
    expect(await store.checkInvariants()).toEqual([]);
    const history = (await store.resources.get('x'))!.history;
    expect(history.map((h) => h.status)).toEqual(['fail', 'pass']);
    await store.close();
  });
});

describe.each(backends)('store ($name): scope digests', (backend) => {
  const listing = () => [resource('a', 'eu'), resource('b', 'eu', { v: 2 })];
  const verdicts = () => [ev('a', 'r-a', 'fail'), ev('a', 'r-b', 'pass'), ev('b', 'r-a', 'pass')];

  it('an unchanged rescan is recognised by the scope digest and writes only its scope run', async () => {
    const store = await open(backend);
    const first = await okRun(store, 0, 'eu', listing(), verdicts());
    expect(first.unchanged).toBe(false);
    const before = await backend.rowCounts(store, TABLES);
    // the same listing in another order is the same state
    const again = await okRun(store, 15, 'eu', listing().reverse(), verdicts().reverse());
    expect(again).toMatchObject({ unchanged: true, rowsWritten: 0, transitions: [], resourcesSeen: 2 });
    expect(await backend.rowCounts(store, TABLES)).toEqual(before);
    // the scope counts as observed by the run: "as of" and last-evaluated times move on
    expect((await store.scans.scopeStates())[0]).toMatchObject({ lastRunAt: at(15).toISOString() });
    expect((await store.findings.current())[0]!.lastEvaluated).toBe(at(15).toISOString());
    expect(await store.checkInvariants()).toEqual([]);
    await store.close();
  });

  it('any difference takes the full diff: a message, a tag, a configuration, a new rule bundle', async () => {
    const store = await open(backend);
    await okRun(store, 0, 'eu', listing(), verdicts());
    const message = await okRun(store, 1, 'eu', listing(), [
      ev('a', 'r-a', 'fail', 'worse'),
      ev('a', 'r-b', 'pass'),
      ev('b', 'r-a', 'pass'),
    ]);
    expect(message.unchanged).toBe(false);
    expect((await store.findings.current({ resourceId: 'a', ruleId: 'r-a' }))[0]!.message).toBe('worse');
    const tagged = [{ ...resource('a', 'eu'), tags: { team: 'x' } }, resource('b', 'eu', { v: 2 })];
    const tags = await okRun(store, 2, 'eu', tagged, verdicts());
    expect(tags.unchanged).toBe(false);
    expect((await store.resources.get('a'))!.resource.tags).toEqual({ team: 'x' });
    expect((await okRun(store, 3, 'eu', tagged, verdicts())).unchanged).toBe(true);
    const config = await okRun(store, 4, 'eu', [tagged[0]!, resource('b', 'eu', { v: 3 })], verdicts());
    expect(config.unchanged).toBe(false);
    expect((await store.resources.get('b'))!.versions).toHaveLength(2);
    const bundle = await okRun(store, 5, 'eu', [tagged[0]!, resource('b', 'eu', { v: 3 })], verdicts(), 'b2');
    expect(bundle.unchanged).toBe(false);
    expect(await store.checkInvariants()).toEqual([]);
    await store.close();
  });

  it('a partial run and a resource taken over by another scope invalidate the digest', async () => {
    const store = await open(backend);
    await okRun(store, 0, 'eu', listing(), verdicts());
    // a delta changes the scope's state outside any full listing
    const scan = await store.scans.begin({ startedAt: at(1), bundleVersion: 'b1', command: 'test' });
    await store.scans.recordScopeDelta(scan, scope('eu'), {
      startedAt: at(1),
      finishedAt: at(1),
      changed: [],
      evaluations: [],
      deleted: ['b'],
    });
    const restored = await okRun(store, 2, 'eu', listing(), verdicts());
    expect(restored.unchanged).toBe(false);
    expect(restored.transitions).toMatchObject([{ resourceId: 'b', from: null, to: 'pass', cause: 'new' }]);
    expect((await okRun(store, 3, 'eu', listing(), verdicts())).unchanged).toBe(true);
    // another scope lists a: it moves there; the same eu listing as before moves it back
    await okRun(store, 4, 'us', [resource('a', 'us')], [ev('a', 'r-a', 'fail'), ev('a', 'r-b', 'pass')]);
    expect((await store.findings.current({ resourceId: 'a' }))[0]!.region).toBe('us');
    const back = await okRun(store, 5, 'eu', listing(), verdicts());
    expect(back.unchanged).toBe(false);
    expect((await store.findings.current({ resourceId: 'a' })).map((f) => f.region)).toEqual(['eu', 'eu']);
    // an errored run changes nothing and keeps the digest
    await errorRun(store, 6, 'eu');
    expect((await okRun(store, 7, 'eu', listing(), verdicts())).unchanged).toBe(true);
    expect(await store.checkInvariants()).toEqual([]);
    await store.close();
  });
});
