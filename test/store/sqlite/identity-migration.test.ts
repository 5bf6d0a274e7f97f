import Database from 'better-sqlite3';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { canonicalJson, contentHash } from '../../../src/store/canonical.js';
import { openStore } from '../../../src/store/index.js';
import { APPLICATION_ID, inspectSqlite } from '../../../src/store/sqlite/index.js';
import { sql as initial } from '../../../src/store/sqlite/migrations/001-initial.js';
import { sql as alertItems } from '../../../src/store/sqlite/migrations/002-alert-items.js';
import { sql as signals } from '../../../src/store/sqlite/migrations/003-signals.js';
import { at } from '../helpers.js';

describe('migration 006: resource identity is (id, definition)', () => {
  it('gives stored manifest resources their source file, so the next scan of the same file finds them', async () => {
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

    const store = await openStore(path);
    try {
      const scan = await store.scans.begin({ startedAt: at(0), bundleVersion: 'b1', command: 'test' });
      await store.scans.recordScopeRun(
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
      const rows = await inspectSqlite(store, (db) =>
        db.prepare('SELECT id, definition FROM resources').all(),
      );
      expect(rows).toEqual([{ id: 7, definition: 'app.yaml' }]);
      expect((await store.resources.get('k8s://manifests/x/Pod/p'))!.versions).toHaveLength(1);
      expect(await store.checkInvariants()).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
