import Database from 'better-sqlite3';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runStance, tempDir } from '../helpers/cli.js';
import { fakeKubernetesApi } from '../helpers/fake-k8s.js';
import { buildPreScrubDatabase, PLANTED_URL_SECRET } from '../store/sqlite/pre-scrub-database.js';

const PLANTED = 'PLANTED-v4lue-9f3c2e';
const PLANTED_B64 = Buffer.from(PLANTED).toString('base64');
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Every text in which the planted value (or its base64 form) must never appear. */
function expectClean(label: string, text: string | Buffer): void {
  const s = typeof text === 'string' ? text : text.toString('latin1');
  expect(s.includes(PLANTED), `${label} contains the planted Secret value`).toBe(false);
  expect(s.includes(PLANTED_B64), `${label} contains the planted Secret value (base64)`).toBe(false);
}

/** The raw database file and every config blob, decompressed. */
function expectDatabaseClean(db: string): void {
  expectClean('database file', readFileSync(db));
  const conn = new Database(db, { readonly: true });
  try {
    const blobs = conn.prepare('SELECT hash, body FROM config_blobs').all() as {
      hash: string;
      body: Buffer;
    }[];
    expect(blobs.length).toBeGreaterThan(0);
    for (const b of blobs) expectClean(`config blob ${b.hash}`, inflateRawSync(b.body));
    for (const table of ['scope_runs', 'findings', 'finding_history', 'outbox', 'resources']) {
      const rows = conn.prepare(`SELECT * FROM ${table}`).all();
      expectClean(`table ${table}`, JSON.stringify(rows));
    }
  } finally {
    conn.close();
  }
}

const secretObject = () => {
  const object = {
    apiVersion: 'v1',
    kind: 'Secret',
    type: 'Opaque',
    metadata: {
      name: 'db-creds',
      namespace: 'shop',
      labels: { app: 'shop' },
      annotations: { 'example.com/rotated-from': PLANTED } as Record<string, string>,
    },
    data: { password: PLANTED_B64 },
    stringData: { token: PLANTED },
  };
  // what `kubectl apply` records: the whole object as applied, data included
  object.metadata.annotations[LAST_APPLIED] = JSON.stringify(object);
  return object;
};

const configMapObject = () => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: {
    name: 'settings',
    namespace: 'shop',
    annotations: {
      [LAST_APPLIED]: JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', data: { dsn: PLANTED } }),
    },
  },
  data: { dsn: `postgres://app:${PLANTED}@db/shop`, 'app.properties': `mode=prod\ndb.password=${PLANTED}\n` },
});

const deploymentObject = () => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: {
    name: 'web',
    namespace: 'shop',
    annotations: {
      // an older apply set the value inline; the live spec now reads it from the Secret
      [LAST_APPLIED]: JSON.stringify({
        kind: 'Deployment',
        spec: { template: { spec: { containers: [{ env: [{ name: 'DB_PASSWORD', value: PLANTED }] }] } } },
      }),
    },
  },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'registry.example/web:1',
            env: [
              {
                name: 'DB_PASSWORD',
                valueFrom: { secretKeyRef: { name: 'db-creds', key: 'password' } },
              },
              // a credential written into the spec itself: replaced before anything is stored
              { name: 'API_TOKEN', value: PLANTED },
            ],
          },
        ],
      },
    },
  },
});

async function expectOutputsClean(db: string, cwd: string, secretId: string): Promise<void> {
  const commands = [
    ['resource', secretId],
    ['resource', secretId, '--format', 'json'],
    ['resources', '--format', 'json'],
    ['resources'],
    ['findings', '--format', 'json'],
    ['findings', '--format', 'sarif'],
    ['findings', '--format', 'csv'],
    ['report', '--framework', 'cis-k8s-1.12.0', '--format', 'json'],
    ['report', '--framework', 'cis-k8s-1.12.0', '--format', 'html'],
    ['report', '--framework', 'cis-k8s-1.12.0', '--format', 'ocsf'],
  ];
  for (const args of commands) {
    const out = await runStance([...args, '--db', db], { cwd });
    expect(out.code, `${args.join(' ')}: ${out.stderr}`).toBe(0);
    expectClean(`stance ${args.join(' ')}`, out.stdout + out.stderr);
  }
}

describe('hostile: Kubernetes Secret values never leave the collector', () => {
  it('manifests: the snapshot, the stored blobs and every output are free of a planted value; names and keys are kept', async () => {
    const dir = tempDir();
    const m = join(dir, 'm');
    mkdirSync(m);
    writeFileSync(join(m, 'secret.json'), JSON.stringify(secretObject(), null, 2));
    writeFileSync(join(m, 'configmap.json'), JSON.stringify(configMapObject(), null, 2));
    writeFileSync(join(m, 'deploy.json'), JSON.stringify(deploymentObject(), null, 2));

    const collected = await runStance(['collect', 'k8s', '--manifests', 'm', '--out', 'snap.json'], {
      cwd: dir,
    });
    expect(collected.code, collected.stderr).toBe(0);
    const snapshot = readFileSync(join(dir, 'snap.json'), 'utf8');
    expectClean('snapshot', snapshot);

    const db = join(dir, 'stance.db');
    const scan = await runStance(['scan', 'k8s', '--manifests', 'm', '--db', db], { cwd: dir });
    expect(scan.code, scan.stderr).toBe(0);
    expectClean('scan output', scan.stdout + scan.stderr);
    expectDatabaseClean(db);
    const secretId = 'k8s://manifests/shop/Secret/db-creds';
    await expectOutputsClean(db, dir, secretId);

    // what rules need is kept: name, namespace, labels, type, data key names, annotation keys
    const shown = JSON.parse(
      (await runStance(['resource', secretId, '--format', 'json', '--db', db], { cwd: dir })).stdout,
    ) as { config: Record<string, unknown> };
    expect(shown.config).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: 'db-creds', namespace: 'shop', labels: { app: 'shop' } },
      stance: {
        dataKeys: ['password', 'token'],
        annotationKeys: [LAST_APPLIED, 'example.com/rotated-from'].sort(),
      },
    });
    expect(shown.config).not.toHaveProperty('data');
    expect(shown.config).not.toHaveProperty('stringData');

    // the credential rules see what the sanitiser recorded: which key or variable, and why
    const findings = JSON.parse(
      (await runStance(['findings', '--status', 'fail', '--format', 'json', '--db', db], { cwd: dir }))
        .stdout,
    ) as { resourceId: string; ruleId: string; message: string }[];
    const credentialFindings = findings
      .filter((f) => ['k8s-env-literal-credential', 'k8s-configmap-credentials'].includes(f.ruleId))
      .map((f) => `${f.resourceId} ${f.ruleId}: ${f.message}`)
      .sort();
    expect(credentialFindings).toEqual([
      'k8s://manifests/shop/ConfigMap/settings k8s-configmap-credentials: key app.properties of ConfigMap settings looks like it holds a credential: line 2: a secret-looking setting with a literal value; key dsn of ConfigMap settings looks like it holds a credential: contains a URL with a password in it',
      'k8s://manifests/shop/Deployment/web k8s-env-literal-credential: container "web" sets API_TOKEN to a literal value that looks like a credential (a secret-looking name with a literal value)',
    ]);

    // the snapshot scans to the same stored state
    const db2 = join(dir, 'from-snapshot.db');
    const fromSnapshot = await runStance(['scan', '--snapshot', 'snap.json', '--db', db2], { cwd: dir });
    expect(fromSnapshot.code, fromSnapshot.stderr).toBe(0);
    expectDatabaseClean(db2);
  }, 300_000);

  it('live: Secrets listed from the API are stored without values', async () => {
    const api = await fakeKubernetesApi([secretObject(), configMapObject(), deploymentObject()]);
    try {
      const dir = tempDir();
      const db = join(dir, 'stance.db');
      const scan = await runStance(['scan', 'k8s', '--kubeconfig', api.kubeconfig(dir), '--db', db], {
        cwd: dir,
      });
      expect(scan.code, scan.stderr).toBe(0);
      expectDatabaseClean(db);
      await expectOutputsClean(db, dir, 'k8s://test-cluster/shop/Secret/db-creds');
      const collected = await runStance(
        ['collect', 'k8s', '--kubeconfig', api.kubeconfig(dir), '--out', 'live.json'],
        {
          cwd: dir,
        },
      );
      expect(collected.code, collected.stderr).toBe(0);
      expectClean('live snapshot', readFileSync(join(dir, 'live.json')));
    } finally {
      await api.close();
    }
  }, 300_000);

  it('a snapshot written by an older version (Secret data and annotations included) is sanitised when loaded', async () => {
    const dir = tempDir();
    const resource = (object: Record<string, unknown>, kind: string, name: string) => ({
      id: `k8s://old/shop/${kind}/${name}`,
      type: `k8s.${kind.toLowerCase()}`,
      provider: 'k8s',
      account: 'old',
      region: 'shop',
      name,
      tags: {},
      config: object,
    });
    writeFileSync(
      join(dir, 'old.json'),
      JSON.stringify({
        version: 1,
        collectedAt: '2026-01-01T00:00:00Z',
        scopes: ['Secret', 'ConfigMap', 'Deployment'].map((kind) => ({
          provider: 'k8s',
          account: 'old',
          kind,
          status: 'ok',
        })),
        resources: [
          resource(secretObject(), 'Secret', 'db-creds'),
          resource(configMapObject(), 'ConfigMap', 'settings'),
          resource(deploymentObject(), 'Deployment', 'web'),
        ],
      }),
    );
    const db = join(dir, 'stance.db');
    const scan = await runStance(['scan', '--snapshot', 'old.json', '--db', db], { cwd: dir });
    expect(scan.code, scan.stderr).toBe(0);
    expectDatabaseClean(db);
    await expectOutputsClean(db, dir, 'k8s://old/shop/Secret/db-creds');
  }, 300_000);

  it('a database written by an earlier version is scrubbed on upgrade, and says how much it removed', async () => {
    const dir = tempDir();
    const db = join(dir, 'stance.db');
    buildPreScrubDatabase(db, PLANTED);
    expect(readFileSync(db).toString('latin1').includes(PLANTED_URL_SECRET)).toBe(true);

    const first = await runStance(['resources', '--format', 'json', '--db', db], { cwd: dir });
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toMatch(
      /^stance: database upgrade removed 3 Secret values, 2 copies of kubectl's last-applied-configuration and 2 credential-bearing URLs stored by earlier versions$/m,
    );
    expectDatabaseClean(db);
    const conn = new Database(db, { readonly: true });
    try {
      const rows = conn
        .prepare('SELECT last_error AS e FROM outbox UNION ALL SELECT error FROM scope_runs')
        .all();
      expect(JSON.stringify(rows).includes(PLANTED_URL_SECRET)).toBe(false);
    } finally {
      conn.close();
    }
    await expectOutputsClean(db, dir, 'k8s://prod/shop/Secret/db-creds');
    // said once: the next open has nothing left to remove
    const second = await runStance(['resources', '--db', db], { cwd: dir });
    expect(second.stderr).not.toMatch(/database upgrade/);
  }, 300_000);
});
