import Database from 'better-sqlite3';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cutoffFor, parseRetention, Store, StoreError } from '../../src/store/index.js';
import { tempDir } from '../helpers/cli.js';
import { at, errorRun, evaluation as ev, okRun, openStore, resource, RULES } from './helpers.js';

const tableCounts = (store: Store) =>
  Object.fromEntries(
    ['resources', 'resource_versions', 'config_blobs', 'findings', 'finding_history', 'trend_daily'].map(
      (t) => [t, (store.db.prepare(`SELECT count(*) AS n FROM ${t}`).get() as { n: number }).n],
    ),
  );

describe('store: transitions and scopes', () => {
  it('records new findings, then writes nothing for an unchanged rescan', () => {
    const store = openStore();
    const first = okRun(
      store,
      0,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('a', 'r-b', 'pass'), ev('b', 'r-a', 'pass')],
    );
    expect(
      first.transitions.map((t) => `${t.resourceId}/${t.ruleId}:${t.from}->${t.to}:${t.cause}`).sort(),
    ).toEqual(['a/r-a:null->fail:new', 'a/r-b:null->pass:new', 'b/r-a:null->pass:new']);
    const before = tableCounts(store);
    const changes = store.db.prepare('SELECT total_changes() AS n').get() as { n: number };
    const again = okRun(
      store,
      15,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('a', 'r-b', 'pass'), ev('b', 'r-a', 'pass')],
    );
    expect(again.transitions).toEqual([]);
    expect(again.rowsWritten).toBe(0);
    expect(tableCounts(store)).toEqual(before);
    // only the scans row (insert + finish) and the scope_runs row were written
    expect((store.db.prepare('SELECT total_changes() AS n').get() as { n: number }).n - changes.n).toBe(3);
    expect(store.checkInvariants()).toEqual([]);
  });

  it('closes and opens intervals on a status change, with the cause', () => {
    const store = openStore();
    okRun(store, 0, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'pass')]);
    const flip = okRun(store, 10, 'eu', [resource('a', 'eu', { v: 2 })], [ev('a', 'r-a', 'fail')]);
    expect(flip.transitions).toMatchObject([{ from: 'pass', to: 'fail', cause: 'config' }]);
    const bundle = okRun(store, 20, 'eu', [resource('a', 'eu', { v: 2 })], [ev('a', 'r-a', 'pass')], 'b2');
    expect(bundle.transitions).toMatchObject([{ from: 'fail', to: 'pass', cause: 'bundle' }]);
    const detail = store.resource('a')!;
    expect(detail.history.map((h) => [h.status, h.validFrom, h.validTo])).toEqual([
      ['pass', at(0).toISOString(), at(10).toISOString()],
      ['fail', at(10).toISOString(), at(20).toISOString()],
      ['pass', at(20).toISOString(), null],
    ]);
    expect(detail.versions).toHaveLength(2);
    expect(store.configAt('a', at(5))).toEqual({ v: 1 });
    expect(store.configAt('a', at(10))).toEqual({ v: 2 });
    expect(store.currentFindings()[0]).toMatchObject({
      status: 'pass',
      since: at(20).toISOString(),
      severity: 'high',
    });
    expect(store.checkInvariants()).toEqual([]);
  });

  it('a scope that errored changes nothing; deletion needs a successful run', () => {
    const store = openStore();
    okRun(
      store,
      0,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('b', 'r-a', 'pass')],
    );
    okRun(store, 0, 'us', [resource('c', 'us')], [ev('c', 'r-a', 'fail')]);
    const findings = store.currentFindings();
    const failed = errorRun(store, 10, 'eu');
    expect(failed.transitions).toEqual([]);
    expect(store.currentFindings()).toEqual(findings);
    expect(store.scopeStates().find((s) => s.key === 'aws/1/eu/ec2')).toMatchObject({
      lastRunStatus: 'error',
      lastError: 'AccessDenied',
    });
    const gone = okRun(store, 20, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail')]);
    expect(gone.resourcesDeleted).toBe(1);
    expect(gone.transitions).toMatchObject([{ resourceId: 'b', from: 'pass', to: null, cause: 'deleted' }]);
    expect(store.resources().map((r) => r.resourceId)).toEqual(['a', 'c']);
    expect(store.resources({ includeDeleted: true }).find((r) => r.resourceId === 'b')?.deletedAt).toBe(
      at(20).toISOString(),
    );
    // the other scope is untouched
    expect(store.currentFindings({ resourceId: 'c' })).toHaveLength(1);
    // reappearance reopens the resource with a new interval
    const back = okRun(
      store,
      30,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('b', 'r-a', 'pass')],
    );
    expect(back.transitions).toMatchObject([{ resourceId: 'b', from: null, to: 'pass' }]);
    expect(store.resources().map((r) => r.resourceId)).toEqual(['a', 'b', 'c']);
    expect(store.checkInvariants()).toEqual([]);
  });

  it('a rule that stops applying closes its finding', () => {
    const store = openStore();
    okRun(store, 0, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail'), ev('a', 'r-b', 'pass')]);
    const result = okRun(store, 5, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail')]);
    expect(result.transitions).toMatchObject([{ ruleId: 'r-b', from: 'pass', to: null }]);
    expect(store.currentFindings().map((f) => f.ruleId)).toEqual(['r-a']);
    expect(store.checkInvariants()).toEqual([]);
  });

  it('rejects an evaluation for a resource not in the run, rolling back the whole scope', () => {
    const store = openStore();
    expect(() =>
      okRun(store, 0, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail'), ev('zzz', 'r-a', 'pass')]),
    ).toThrow(StoreError);
    expect(tableCounts(store).findings).toBe(0);
    expect(tableCounts(store).resources).toBe(0);
  });

  it('keeps daily trend rows from transitions and carries them forward', () => {
    const store = openStore();
    okRun(
      store,
      0,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('b', 'r-a', 'pass')],
    );
    okRun(
      store,
      2 * 1440,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'pass'), ev('b', 'r-a', 'pass')],
    );
    const trend = store.trend(at(0), at(3 * 1440)).filter((t) => t.ruleId === 'r-a');
    expect(trend.map((t) => [t.day, t.pass, t.fail])).toEqual([
      ['2026-01-01', 1, 1],
      ['2026-01-02', 1, 1],
      ['2026-01-03', 2, 0],
      ['2026-01-04', 2, 0],
    ]);
  });
});

describe('store: retention', () => {
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

  it('prunes closed history before the cutoff and keeps open intervals', () => {
    const store = openStore();
    okRun(
      store,
      0,
      'eu',
      [resource('a', 'eu'), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('b', 'r-a', 'pass')],
    );
    okRun(store, 100, 'eu', [resource('a', 'eu', { v: 2 })], [ev('a', 'r-a', 'pass')]);
    okRun(store, 10_000, 'eu', [resource('a', 'eu', { v: 2 })], [ev('a', 'r-a', 'pass')]);
    const result = store.prune({ olderThan: at(5000) });
    expect(result.findingHistory).toBe(2); // a:fail [0,100) and b:pass [0,100)
    expect(result.resources).toBe(1); // b, deleted at 100
    expect(result.resourceVersions).toBe(2);
    expect(result.scopeRuns).toBe(1); // the run at 0; the last run before the cutoff is kept
    expect(store.currentFindings()).toMatchObject([{ resourceId: 'a', status: 'pass' }]);
    expect(store.asOf(at(10_001)).findings).toMatchObject([{ resourceId: 'a', status: 'pass' }]);
    expect(store.checkInvariants()).toEqual([]);
  });
});

describe('store: database files', () => {
  it('refuses a foreign SQLite database without modifying it', () => {
    const path = join(tempDir(), 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE notes(x)');
    db.close();
    const bytes = readFileSync(path);
    expect(() => Store.open(path)).toThrow(expect.objectContaining({ code: 'foreign' }));
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('refuses a corrupt file', () => {
    const path = join(tempDir(), 'junk.db');
    writeFileSync(path, Buffer.alloc(8192, 7));
    expect(() => Store.open(path)).toThrow(expect.objectContaining({ code: 'corrupt' }));
  });

  it('refuses a database from a newer Stance', () => {
    const path = join(tempDir(), 'new.db');
    Store.open(path).close();
    const db = new Database(path);
    db.pragma('user_version = 999');
    db.close();
    expect(() => Store.open(path)).toThrow(expect.objectContaining({ code: 'newer' }));
  });

  it('reopens its own database and keeps the data', () => {
    const path = join(tempDir(), 'mine.db');
    const store = Store.open(path);
    store.syncRules(RULES);
    okRun(store, 0, 'eu', [resource('a', 'eu')], [ev('a', 'r-a', 'fail')]);
    store.close();
    const again = Store.open(path, { readonly: true });
    expect(again.currentFindings()).toHaveLength(1);
    again.close();
  });
});

describe('store: delta runs', () => {
  it('a delta leaves the same findings and history as the equivalent full listing', () => {
    const full = openStore();
    const delta = openStore();
    const start = [resource('a', 'eu'), resource('b', 'eu'), resource('c', 'eu')];
    const evals = [
      ev('a', 'r-a', 'pass'),
      ev('b', 'r-a', 'fail'),
      ev('c', 'r-a', 'pass'),
      ev('c', 'r-b', 'pass'),
    ];
    okRun(full, 0, 'eu', start, evals);
    okRun(delta, 0, 'eu', start, evals);
    // then: a flips to fail with a new config, c is deleted, b unchanged
    okRun(
      full,
      15,
      'eu',
      [resource('a', 'eu', { v: 9 }), resource('b', 'eu')],
      [ev('a', 'r-a', 'fail'), ev('b', 'r-a', 'fail')],
    );
    const scan = delta.beginScan({ startedAt: at(15), bundleVersion: 'b1', command: 'test' });
    const result = delta.recordScopeDelta(
      scan,
      { key: 'aws/1/eu/ec2', provider: 'aws', account: '1', region: 'eu', service: 'ec2' },
      {
        startedAt: at(15),
        finishedAt: at(15),
        changed: [resource('a', 'eu', { v: 9 })],
        evaluations: [ev('a', 'r-a', 'fail')],
        deleted: ['c'],
      },
    );
    expect(result.resourcesDeleted).toBe(1);
    expect(delta.currentFindings()).toEqual(full.currentFindings());
    for (const id of ['a', 'b', 'c']) expect(delta.resource(id)?.history).toEqual(full.resource(id)?.history);
    expect(delta.asOf(at(16)).findings).toEqual(full.asOf(at(16)).findings);
    expect(delta.checkInvariants()).toEqual([]);
  });
});

describe('two writers with different clocks', () => {
  it('a run whose clock reads earlier than one already committed is recorded at the committed time', () => {
    const store = openStore();
    // Process A read its clock at minute 10 and committed first; process B read minute 5, then waited for the lock.
    okRun(store, 10, 'eu', [resource('x', 'eu')], [ev('x', 'r-a', 'fail')]);
    okRun(store, 5, 'eu', [resource('x', 'eu')], [ev('x', 'r-a', 'pass')]);
    expect(store.checkInvariants()).toEqual([]);
    const history = store.resource('x')!.history;
    expect(history.map((h) => h.status)).toEqual(['fail', 'pass']);
    store.close();
  });
});
