import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { sql as initial } from '../../src/store/migrations/001-initial.js';
import { sql as alertItems } from '../../src/store/migrations/002-alert-items.js';
import { sql as signals } from '../../src/store/migrations/003-signals.js';
import { canonicalJson, contentHash } from '../../src/store/canonical.js';
import { APPLICATION_ID, Store } from '../../src/store/index.js';
import type { Resource } from '../../src/types.js';
import { at, evaluation as ev, okRun, openStore, resource, scope } from './helpers.js';

const defined = (file: string, config: unknown, definition?: string): Resource => ({
  ...resource('obj', 'eu', config),
  source: { file, line: 1 },
  ...(definition ? { definition } : {}),
});

describe('store: several definitions of one id (manifest overlays)', () => {
  it('keeps each definition apart, with its own findings, and changes nothing on a rescan', () => {
    const store = openStore();
    const a = defined('a.yaml', { v: 1 });
    const b = defined('b.yaml', { v: 2 });
    const b2 = defined('b.yaml', { v: 3 }, 'b.yaml#2');
    const evals = [
      { ...ev('obj', 'r-a', 'pass'), definition: 'a.yaml' },
      { ...ev('obj', 'r-a', 'fail'), definition: 'b.yaml' },
      { ...ev('obj', 'r-a', 'fail'), definition: 'b.yaml#2' },
    ];
    okRun(store, 0, 'eu', [a, b, b2], evals);
    const rows = store.currentFindings({ resourceId: 'obj' });
    expect(rows.map((f) => `${f.sourceFile} ${f.status}`).sort()).toEqual([
      'a.yaml pass',
      'b.yaml fail',
      'b.yaml fail',
    ]);
    expect(store.resourceDefinitions('obj').map((d) => d.resource.sourceFile)).toEqual([
      'a.yaml',
      'b.yaml',
      'b.yaml',
    ]);
    expect(store.resourceDefinitions('obj').map((d) => d.findings.map((f) => f.status))).toEqual([
      ['pass'],
      ['fail'],
      ['fail'],
    ]);
    expect(okRun(store, 10, 'eu', [a, b, b2], evals).transitions).toEqual([]);
    expect(store.checkInvariants()).toEqual([]);
  });

  it('a partial listing that names one definition leaves the others of the same id alone', () => {
    const store = openStore();
    const a = defined('a.yaml', { v: 1 });
    const b = defined('b.yaml', { v: 2 });
    okRun(
      store,
      0,
      'eu',
      [a, b],
      [
        { ...ev('obj', 'r-a', 'pass'), definition: 'a.yaml' },
        { ...ev('obj', 'r-a', 'fail'), definition: 'b.yaml' },
      ],
    );
    const scan = store.beginScan({ startedAt: at(5), bundleVersion: 'b1', command: 'test' });
    store.recordScopeDelta(scan, scope('eu'), {
      startedAt: at(5),
      finishedAt: at(5),
      changed: [defined('a.yaml', { v: 9 })],
      evaluations: [{ ...ev('obj', 'r-a', 'fail'), definition: 'a.yaml' }],
      deleted: [],
    });
    expect(store.resources().map((r) => `${r.sourceFile} ${r.deletedAt === null}`)).toEqual([
      'a.yaml true',
      'b.yaml true',
    ]);
    expect(store.checkInvariants()).toEqual([]);
  });

  it('an evaluation without a definition belongs to the only definition of its id', () => {
    const store = openStore();
    okRun(store, 0, 'eu', [defined('a.yaml', { v: 1 })], [ev('obj', 'r-a', 'fail')]);
    expect(store.currentFindings({ resourceId: 'obj' })).toHaveLength(1);
  });
});

describe('migration 006: resource identity is (id, definition)', () => {
  it('gives stored manifest resources their source file, so the next scan of the same file finds them', () => {
    const path = join(mkdtempSync(join(tmpdir(), 'stance-defs-')), 'stance.db');
    const db = new Database(path);
    db.exec(initial);
    db.exec(alertItems);
    db.exec(signals);
    db.pragma(`application_id = ${APPLICATION_ID}`);
    db.pragma('user_version = 3');
    db.prepare(
      "INSERT INTO scopes (id, key, provider, account, region, service) VALUES (1, 'manifests/manifests/app.yaml', 'k8s', 'manifests', '_cluster', 'manifests')",
    ).run();
    const config = { kind: 'Pod', metadata: { name: 'p' } };
    const json = canonicalJson(config);
    db.prepare('INSERT INTO config_blobs (hash, body) VALUES (?, ?)').run(
      contentHash(json),
      deflateRawSync(json),
    );
    db.prepare(
      `INSERT INTO resources (id, resource_id, type, provider, account, region, name, scope_id, tags, source_file, source_line, first_seen, config_hash)
       VALUES (7, 'k8s://manifests/x/Pod/p', 'k8s.pod', 'k8s', 'manifests', 'x', 'p', 1, '{}', 'app.yaml', 3, 1000, ?)`,
    ).run(contentHash(json));
    db.prepare(
      'INSERT INTO resource_versions (resource_key, hash, valid_from, scan_id) VALUES (7, ?, 1000, 1)',
    ).run(contentHash(json));
    db.close();

    const store = Store.open(path);
    try {
      const scan = store.beginScan({ startedAt: at(0), bundleVersion: 'b1', command: 'test' });
      store.recordScopeRun(
        scan,
        {
          key: 'manifests/manifests/app.yaml',
          provider: 'k8s',
          account: 'manifests',
          region: '_cluster',
          service: 'manifests',
        },
        {
          status: 'ok',
          startedAt: at(0),
          finishedAt: at(0),
          resources: [
            {
              id: 'k8s://manifests/x/Pod/p',
              type: 'k8s.pod',
              provider: 'k8s',
              account: 'manifests',
              region: 'x',
              name: 'p',
              tags: {},
              config,
              source: { file: 'app.yaml', line: 3 },
            },
          ],
          evaluations: [],
        },
      );
      const rows = store.db.prepare('SELECT id, definition FROM resources').all();
      expect(rows).toEqual([{ id: 7, definition: 'app.yaml' }]);
      expect(store.resource('k8s://manifests/x/Pod/p')!.versions).toHaveLength(1);
      expect(store.checkInvariants()).toEqual([]);
    } finally {
      store.close();
    }
  });
});
