import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { inspectSqlite } from '../../../src/store/sqlite/index.js';
import { evaluation, okRun, openStore, resource, sqlite } from '../helpers.js';

// A search in the console's findings list is answered from the FTS5 index's hits: the findings
// are looked up by key, never scanned and tested one by one against the hit lists.
describe('sqlite store: console findings search uses the index', () => {
  it('no query of a searching findings page scans the findings table', async () => {
    const store = await openStore(sqlite);
    await okRun(
      store,
      0,
      'eu',
      [resource('alpha', 'eu'), resource('beta', 'eu')],
      [evaluation('alpha', 'r-a', 'fail', 'open to the world'), evaluation('beta', 'r-b', 'pass')],
    );
    const seen: string[] = [];
    let db: Database.Database | undefined;
    await inspectSqlite(store, (d) => {
      db = d;
      const prepare = d.prepare.bind(d);
      d.prepare = ((text: string) => {
        seen.push(text);
        return prepare(text);
      }) as typeof d.prepare;
    });
    const page = await store.console.findings({
      search: 'world',
      sort: 'severity',
      order: 'desc',
      offset: 0,
      limit: 50,
    });
    expect(page.total).toBe(1);
    const queries = seen.filter(
      (t) => /finding_search MATCH/.test(t) && /count\(\*\) AS n|LIMIT \? OFFSET/.test(t),
    );
    expect(queries.length).toBe(2);
    for (const text of queries) {
      const params = Array.from({ length: (text.match(/\?/g) ?? []).length }, () => '"x"');
      const plan = (db!.prepare(`EXPLAIN QUERY PLAN ${text}`).all(...params) as { detail: string }[])
        .map((p) => p.detail)
        .join('\n');
      expect(plan).not.toMatch(/SCAN f\b/);
      expect(plan).toMatch(/SEARCH f USING PRIMARY KEY \(resource_key=\? AND rule_key=\?\)/);
    }
    await store.close();
  });
});
