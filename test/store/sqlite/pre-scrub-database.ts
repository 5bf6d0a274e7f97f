import Database from 'better-sqlite3';
import { deflateRawSync } from 'node:zlib';
import { sql as initial } from '../../../src/store/sqlite/migrations/001-initial.js';
import { sql as alertItems } from '../../../src/store/sqlite/migrations/002-alert-items.js';
import { sql as signals } from '../../../src/store/sqlite/migrations/003-signals.js';
import { canonicalJson, contentHash } from '../../../src/store/canonical.js';
import { APPLICATION_ID } from '../../../src/store/sqlite/index.js';

/** The secret part of the credential-bearing URLs planted in stored error texts. */
export const PLANTED_URL_SECRET = 'xoxb-PLANTED-URL-TOKEN';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const T0 = Date.UTC(2026, 0, 1);

/**
 * A database at schema 3, as Stance wrote it before Secret values were scrubbed:
 * - a live Secret stored by the old collector (data stripped, but the last-applied-configuration
 *   annotation, which holds the data, and another value-bearing annotation kept): 2 Secret values;
 * - a Secret loaded from a snapshot (the old loader stripped nothing): 1 Secret value;
 * - a Deployment with two versions that differ only in their last-applied-configuration: 2 copies,
 *   and once they are removed the two versions are the same configuration;
 * - an outbox error and a scope-run error that carry credential-bearing URLs: 2 URLs.
 */
export function buildPreScrubDatabase(path: string, planted: string): void {
  const b64 = Buffer.from(planted).toString('base64');
  const db = new Database(path);
  db.exec(initial);
  db.exec(alertItems);
  db.exec(signals);
  db.pragma(`application_id = ${APPLICATION_ID}`);
  db.pragma('user_version = 3');

  db.prepare(
    "INSERT INTO scans (id, started_at, finished_at, status, bundle_version, command) VALUES (1, ?, ?, 'ok', 'b0', 'scan k8s')",
  ).run(T0, T0 + 1000);
  db.prepare(
    "INSERT INTO scans (id, started_at, finished_at, status, bundle_version, command) VALUES (2, ?, ?, 'ok', 'b0', 'scan k8s')",
  ).run(T0 + 60_000, T0 + 61_000);
  const scope = (id: number, kind: string) =>
    db
      .prepare(
        "INSERT INTO scopes (id, key, provider, account, region, service) VALUES (?, ?, 'k8s', 'prod', '_cluster', ?)",
      )
      .run(id, `k8s/prod/${kind}`, kind);
  scope(1, 'Secret');
  scope(2, 'Deployment');
  const run = db.prepare(
    'INSERT INTO scope_runs (scan_id, scope_id, status, error, started_at, finished_at, resources) VALUES (?, ?, ?, ?, ?, ?, ?)',
  );
  run.run(1, 1, 'ok', null, T0, T0 + 1000, 2);
  run.run(1, 2, 'ok', null, T0, T0 + 1000, 1);
  run.run(2, 2, 'ok', null, T0 + 60_000, T0 + 61_000, 1);
  run.run(
    2,
    1,
    'error',
    `list Secret: request to https://admin:${PLANTED_URL_SECRET}@k8s.example.com:6443/api/v1/secrets failed`,
    T0 + 60_000,
    T0 + 61_000,
    0,
  );

  const blob = (config: unknown) => {
    const json = canonicalJson(config);
    const hash = contentHash(json);
    db.prepare('INSERT OR IGNORE INTO config_blobs (hash, body) VALUES (?, ?)').run(
      hash,
      deflateRawSync(json),
    );
    return hash;
  };
  const resource = (
    id: number,
    resourceId: string,
    type: string,
    scopeId: number,
    name: string,
    hash: string,
  ) =>
    db
      .prepare(
        `INSERT INTO resources (id, resource_id, type, provider, account, region, name, scope_id, tags, first_seen, config_hash)
         VALUES (?, ?, ?, 'k8s', 'prod', 'shop', ?, ?, '{}', ?, ?)`,
      )
      .run(id, resourceId, type, name, scopeId, T0 + 1000, hash);
  const version = (resourceKey: number, hash: string, from: number, to: number | null, scan: number) =>
    db
      .prepare(
        'INSERT INTO resource_versions (resource_key, hash, valid_from, valid_to, scan_id) VALUES (?, ?, ?, ?, ?)',
      )
      .run(resourceKey, hash, from, to, scan);

  // the old live collector: data and stringData stripped, every annotation kept
  const liveSecret = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name: 'db-creds',
      namespace: 'shop',
      labels: { app: 'shop' },
      annotations: {
        [LAST_APPLIED]: JSON.stringify({ apiVersion: 'v1', kind: 'Secret', data: { password: b64 } }),
        'example.com/rotated-from': planted,
      },
    },
    stance: { dataKeys: ['password'] },
  };
  const h1 = blob(liveSecret);
  resource(1, 'k8s://prod/shop/Secret/db-creds', 'k8s.secret', 1, 'db-creds', h1);
  version(1, h1, T0 + 1000, null, 1);

  // the old snapshot loader: the Secret as the snapshot had it, data included
  const snapshotSecret = {
    apiVersion: 'v1',
    kind: 'Secret',
    metadata: { name: 'api-key', namespace: 'shop' },
    data: { key: b64 },
  };
  const h2 = blob(snapshotSecret);
  resource(2, 'k8s://prod/shop/Secret/api-key', 'k8s.secret', 1, 'api-key', h2);
  version(2, h2, T0 + 1000, null, 1);

  const deployment = (inline: string) => ({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: 'web',
      namespace: 'shop',
      annotations: {
        [LAST_APPLIED]: JSON.stringify({ kind: 'Deployment', env: [{ name: 'DB_PASSWORD', value: inline }] }),
      },
    },
    spec: { replicas: 2 },
  });
  const h3 = blob(deployment(planted));
  const h4 = blob(deployment(`${planted}-rotated`));
  resource(3, 'k8s://prod/shop/Deployment/web', 'k8s.deployment', 2, 'web', h4);
  version(3, h3, T0 + 1000, T0 + 61_000, 1);
  version(3, h4, T0 + 61_000, null, 2);

  db.prepare(
    `INSERT INTO outbox (created_at, channel, payload, delivery_id, attempts, next_attempt_at, last_error)
     VALUES (?, 'slack', '{}', 'd-1', 3, ?, ?)`,
  ).run(
    T0,
    T0 + 3_600_000,
    `POST https://hooks.slack.com/services/T000/B000/${PLANTED_URL_SECRET} answered 500 Internal Server Error`,
  );
  db.close();
}
