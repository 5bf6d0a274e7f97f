import Database from 'better-sqlite3';
import { inflateRawSync } from 'node:zlib';
import { join } from 'node:path';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../../src/store/index.js';
import { k8sScope } from '../../../src/model/scopes.js';
import { contentHash } from '../../../src/store/canonical.js';
import { inspectSqlite } from '../../../src/store/sqlite/index.js';
import { buildPreScrubDatabase, PLANTED_URL_SECRET } from './pre-scrub-database.js';

const PLANTED = 'PLANTED-v4lue-9f3c2e';

describe('migration 005: scrub Secret values stored by earlier versions', () => {
  it('removes Secret values, last-applied copies and credential-bearing URLs, keeps the store consistent, and says so once', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'stance-scrub-')), 'stance.db');
    buildPreScrubDatabase(path, PLANTED);
    const store = await openStore(path);
    try {
      expect(store.upgradeNotices).toEqual([
        "database upgrade removed 3 Secret values, 2 copies of kubectl's last-applied-configuration and 2 credential-bearing URLs stored by earlier versions",
      ]);
      const b64 = Buffer.from(PLANTED).toString('base64');
      const blobs = await inspectSqlite(
        store,
        (db) => db.prepare('SELECT hash, body FROM config_blobs').all() as { hash: string; body: Buffer }[],
      );
      for (const b of blobs) {
        const text = inflateRawSync(b.body).toString('utf8');
        expect(text).not.toContain(PLANTED);
        expect(text).not.toContain(b64);
        // still content-addressed: the key is the hash of what is stored
        expect(contentHash(text)).toBe(b.hash);
      }
      const dangling = await inspectSqlite(
        store,
        (db) =>
          db
            .prepare(
              `SELECT count(*) AS n FROM (SELECT config_hash AS h FROM resources UNION ALL SELECT hash FROM resource_versions)
               WHERE h NOT IN (SELECT hash FROM config_blobs)`,
            )
            .get() as { n: number },
      );
      expect(dangling.n).toBe(0);
      expect(await store.checkInvariants()).toEqual([]);

      // the two Deployment versions differed only in the removed annotation: one version now
      const web = (await store.resources.get('k8s://prod/shop/Deployment/web'))!;
      expect(web.versions).toHaveLength(1);
      expect(web.versions[0]).toMatchObject({ validFrom: '2026-01-01T00:00:01.000Z', validTo: null });
      expect(web.config).toMatchObject({
        spec: { replicas: 2 },
        stance: { removedAnnotations: [expect.any(String)] },
      });

      const secret = (await store.resources.get('k8s://prod/shop/Secret/api-key'))!;
      expect(secret.config).toMatchObject({ kind: 'Secret', stance: { dataKeys: ['key'] } });
      expect(secret.config).not.toHaveProperty('data');
      expect(
        await store.resources.configAt('k8s://prod/shop/Secret/db-creds', new Date(Date.UTC(2026, 0, 2))),
      ).toMatchObject({
        stance: {
          annotationKeys: ['example.com/rotated-from', 'kubectl.kubernetes.io/last-applied-configuration'],
        },
      });

      const errors = await inspectSqlite(store, (db) =>
        db.prepare('SELECT last_error AS e FROM outbox UNION ALL SELECT error FROM scope_runs').all(),
      );
      expect(JSON.stringify(errors)).not.toContain(PLANTED_URL_SECRET);
      expect(JSON.stringify(errors)).toContain('https://hooks.slack.com');
    } finally {
      await store.close();
    }
    const reopened = await openStore(path);
    try {
      expect(reopened.upgradeNotices).toEqual([]);
    } finally {
      await reopened.close();
    }
  });
});

describe('migration 008: literal env credentials stored before the sanitiser replaced them', () => {
  it('replaces them in stored workload configurations, re-addressed, and says so once', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'stance-scrub-env-')), 'stance.db');
    const literal = `${PLANTED}-env`;
    const deployment = (value: string) => ({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop' },
      spec: {
        template: {
          spec: {
            containers: [
              {
                name: 'web',
                env: [
                  { name: 'DB_PASSWORD', value },
                  { name: 'MODE', value: 'prod' },
                ],
              },
            ],
          },
        },
      },
    });
    // what an earlier version stored: the workload exactly as listed, env value included
    const old = await openStore(path);
    const scanId = await old.scans.begin({
      startedAt: new Date(Date.UTC(2026, 0, 1)),
      bundleVersion: 'b0',
      command: 'scan k8s',
    });
    await old.scans.recordScopeRun(scanId, k8sScope('prod', 'Deployment'), {
      status: 'ok',
      startedAt: new Date(Date.UTC(2026, 0, 1)),
      finishedAt: new Date(Date.UTC(2026, 0, 1, 0, 0, 1)),
      resources: [
        {
          id: 'k8s://prod/shop/Deployment/web',
          type: 'k8s.deployment',
          provider: 'k8s',
          account: 'prod',
          region: 'shop',
          name: 'web',
          tags: {},
          config: deployment(literal),
        },
      ],
      evaluations: [],
    });
    await old.close();
    const raw = new Database(path);
    raw.pragma('user_version = 7');
    // Rewound to before 008: the tables of later migrations go too, so they can run again.
    raw.exec('DROP TABLE signal_history; DROP TABLE suppressions');
    raw.exec(
      'ALTER TABLE scopes DROP COLUMN input_digest; ALTER TABLE scopes DROP COLUMN input_summary; ALTER TABLE resources DROP COLUMN input_hash',
    );
    raw.exec(
      `DROP TABLE console_sessions; DROP TABLE audit_log; DROP TABLE api_tokens; DROP TABLE resource_search; DROP TABLE finding_search; DROP TABLE finding_search_dirty;
       DROP TRIGGER resource_search_insert; DROP TRIGGER resource_search_update; DROP TRIGGER resource_search_delete;
       DROP TRIGGER finding_search_insert; DROP TRIGGER finding_search_update; DROP TRIGGER finding_search_delete`,
    );
    raw.exec('ALTER TABLE signals DROP COLUMN event_summaries');
    const stored = (raw.prepare('SELECT body FROM config_blobs').all() as { body: Buffer }[]).map((b) =>
      inflateRawSync(b.body).toString('utf8'),
    );
    raw.close();
    expect(stored.some((text) => text.includes(literal))).toBe(true);

    const store = await openStore(path);
    try {
      expect(store.upgradeNotices).toEqual([
        'database upgrade removed 1 literal environment variable value that looks like a credential stored by earlier versions',
      ]);
      const blobs = await inspectSqlite(
        store,
        (db) => db.prepare('SELECT hash, body FROM config_blobs').all() as { hash: string; body: Buffer }[],
      );
      for (const b of blobs) {
        const text = inflateRawSync(b.body).toString('utf8');
        expect(text).not.toContain(literal);
        expect(contentHash(text)).toBe(b.hash);
      }
      expect(await store.checkInvariants()).toEqual([]);
      expect((await store.resources.get('k8s://prod/shop/Deployment/web'))!.config).toMatchObject({
        stance: { credentialEnv: [{ container: 'containers[0]', name: 'DB_PASSWORD' }] },
      });
    } finally {
      await store.close();
    }
    const reopened = await openStore(path);
    try {
      expect(reopened.upgradeNotices).toEqual([]);
    } finally {
      await reopened.close();
    }
  });
});
