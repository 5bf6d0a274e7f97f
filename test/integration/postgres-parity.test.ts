import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, runStance, tempDir } from '../helpers/cli.js';
import { postgresEnabled, startPostgres, type PostgresServer } from '../helpers/postgres.js';

// Parity: the same inventory, scanned twice with a change between, into SQLite and into PostgreSQL
// through the CLI, gives the same JSON out of every reading command and the same alerts. Times
// differ between the two runs (they scan at different moments): each ISO time inside a scan's
// wall-clock window is replaced by the name of that scan before comparing; any other time must match.

interface Snapshot {
  scopes: unknown[];
  resources: { id: string; type: string; name: string; config: unknown }[];
}

const FRAMEWORKS = ['cis-aws-5.0.0', 'pss-restricted'];

function changedSnapshot(first: Snapshot): Snapshot {
  const second = JSON.parse(JSON.stringify(first)) as Snapshot;
  const bucket = second.resources.find((r) => r.type === 'aws.s3.bucket')!;
  const pod = second.resources.find((r) => r.type === 'k8s.pod')!;
  second.resources = second.resources.filter((r) => r !== bucket && r !== pod);
  // the world closes: every rule about open ingress changes its verdict
  second.resources = JSON.parse(
    JSON.stringify(second.resources).replaceAll('0.0.0.0/0', '10.0.0.0/8'),
  ) as Snapshot['resources'];
  // and a new group opens it again
  const group = first.resources.find((r) => r.type === 'aws.ec2.security_group')!;
  second.resources.push({
    ...JSON.parse(JSON.stringify(group)),
    id: `${group.id}-new`,
    name: `${group.name}-new`,
  });
  return second;
}

function receiver(): Promise<{ server: Server; url: string; bodies: string[] }> {
  const bodies: string[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      bodies.push(body);
      res.writeHead(200).end('ok');
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`, bodies }),
    ),
  );
}

interface Window {
  name: string;
  from: number;
  to: number;
}

/** The outputs of one backend, with scan times replaced by scan names. */
async function outputsOf(
  db: string,
  dir: string,
  snapshots: [string, string],
  details: string[],
): Promise<Record<string, unknown>> {
  const rx = await receiver();
  const config = join(dir, `stance-${Math.random().toString(36).slice(2)}.yaml`);
  writeFileSync(
    config,
    [
      'notify:',
      '  - type: webhook',
      `    url: ${rx.url}`,
      '    allowPrivateTargets: true',
      '    resolved: true',
    ].join('\n'),
  );
  const windows: Window[] = [];
  let between = '';
  const out: Record<string, unknown> = {};
  const reads: Window[] = [];
  const run = async (name: string, args: string[], allowed = [0]) => {
    const from = Date.now() - 1;
    const result = await runStance([...args, '--db', db]);
    // a reading command's own time (a report's generatedAt): the time of reading
    if (!name.startsWith('scan ')) reads.push({ name: '<read>', from, to: Date.now() + 1 });
    expect(allowed, `${name}: ${result.stderr}`).toContain(result.code);
    return result.stdout;
  };
  try {
    for (const [i, snapshot] of snapshots.entries()) {
      const from = Date.now() - 1;
      out[`scan${i + 1}`] = JSON.parse(
        await run(`scan ${i + 1}`, [
          'scan',
          '--snapshot',
          snapshot,
          '--config',
          config,
          '--notify',
          '--format',
          'json',
        ]),
      );
      windows.push({ name: `<scan ${i + 1}>`, from, to: Date.now() + 1 });
      // the "as of" between the two scans: just after the first
      if (i === 0) await new Promise((r) => setTimeout(r, 50));
    }
    between = new Date(windows[0]!.to + 10).toISOString();
    out.findings = JSON.parse(await run('findings', ['findings', '--format', 'json']));
    out.newest = JSON.parse(await run('findings --new', ['findings', '--new', '--format', 'json']));
    out.resources = JSON.parse(
      await run('resources', ['resources', '--include-deleted', '--format', 'json']),
    );
    for (const id of details)
      out[`resource ${id}`] = JSON.parse(await run(`resource ${id}`, ['resource', id, '--format', 'json']));
    for (const framework of FRAMEWORKS) {
      out[`report ${framework}`] = JSON.parse(
        await run(`report ${framework}`, ['report', '--framework', framework, '--format', 'json'], [0, 1]),
      );
      out[`report ${framework} as of`] = JSON.parse(
        await run(
          `report ${framework} --as-of`,
          ['report', '--framework', framework, '--as-of', between, '--format', 'json'],
          [0, 1],
        ),
      );
    }
    out.outbox = JSON.parse(await run('notify status', ['notify', 'status', '--format', 'json']));
    // a delivery id is random per logical alert, so the same alert has another id in another database
    const alerts = rx.bodies.map((b) => JSON.parse(b) as { deliveryId?: string });
    const ids = alerts.map((a) => a.deliveryId ?? '');
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(ids).size).toBe(ids.length);
    out.alerts = alerts.map((a) => ({ ...a, deliveryId: '<delivery id>' }));
  } finally {
    rx.server.close();
  }
  return JSON.parse(
    JSON.stringify(out).replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, (iso) => {
      const t = Date.parse(iso);
      if (iso === between) return '<between>';
      return [...windows, ...reads].find((w) => t >= w.from && t <= w.to)?.name ?? iso;
    }),
  ) as Record<string, unknown>;
}

describe.runIf(postgresEnabled())('SQLite and PostgreSQL give the same results (parity)', () => {
  let server: PostgresServer;
  let dir: string;
  let snapshots: [string, string];
  /** Resources whose details (configuration versions, history) are compared: changed, gone, new, unchanged. */
  let details: string[];

  beforeAll(async () => {
    server = await startPostgres();
    dir = tempDir();
    const first = JSON.parse(readFileSync(join(repoRoot, 'demo', 'environment.json'), 'utf8')) as Snapshot;
    snapshots = [join(dir, 'first.json'), join(dir, 'second.json')];
    writeFileSync(snapshots[0], JSON.stringify(first));
    const second = changedSnapshot(first);
    writeFileSync(snapshots[1], JSON.stringify(second));
    const kept = new Set(second.resources.map((r) => r.id));
    const open = first.resources.filter((r) => JSON.stringify(r.config).includes('0.0.0.0/0'));
    details = [
      ...first.resources.filter((r) => !kept.has(r.id)).map((r) => r.id),
      ...second.resources.filter((r) => r.id.endsWith('-new')).map((r) => r.id),
      ...open.slice(0, 1).map((r) => r.id),
    ];
  });
  afterAll(async () => server?.stop());

  it('findings, resource history, as-of reports and alerts are identical', { timeout: 300_000 }, async () => {
    // both at once: each CLI run mostly waits for the machine
    const [sqlite, postgres] = await Promise.all([
      outputsOf(join(dir, 'stance.db'), dir, snapshots, details),
      server.databaseUrl().then((url) => outputsOf(url, dir, snapshots, details)),
    ]);
    for (const key of Object.keys(sqlite)) expect(postgres[key], key).toEqual(sqlite[key]);
    expect(Object.keys(postgres).sort()).toEqual(Object.keys(sqlite).sort());
    // the comparison compares something: the change between the scans shows
    expect((sqlite.newest as unknown[]).length).toBeGreaterThan(0);
    expect((sqlite.alerts as unknown[]).length).toBeGreaterThanOrEqual(2);
    expect(new Set(details).size).toBe(4);
  });
});

/** Detection into one backend: signals, their triage and stats, with times of the commands replaced. */
async function detectionOutputsOf(db: string): Promise<Record<string, unknown>> {
  const windows: Window[] = [];
  const run = async (name: string, args: string[], allowed = [0]) => {
    const from = Date.now() - 1;
    const result = await runStance([...args, '--db', db]);
    windows.push({ name: '<now>', from, to: Date.now() + 1 });
    expect(allowed, `${name}: ${result.stderr}`).toContain(result.code);
    return result.stdout;
  };
  const samples = join(repoRoot, 'samples', 'cloudtrail');
  const out: Record<string, unknown> = {};
  const detect = JSON.parse(
    await run('detect', ['detect', 'cloudtrail', '--files', samples, '--format', 'json']),
  ) as { newSignals: { id: number }[] };
  out.detect = detect;
  const [first, second] = detect.newSignals;
  await run('set', [
    'signals',
    'set',
    String(first!.id),
    '--state',
    'false_positive',
    '--note',
    'VPN',
    '--by',
    'ann',
  ]);
  await run('set', ['signals', 'set', String(second!.id), '--state', 'acknowledged', '--by', 'bob']);
  await run('suppress', [
    'signals',
    'suppress',
    'add',
    '--cidr',
    '203.0.113.0/24',
    '--reason',
    'red team exercise',
    '--by',
    'carol',
  ]);
  // a second run over the same files: duplicates skipped, the acknowledged signal keeps its state
  out.again = JSON.parse(
    await run('detect again', ['detect', 'cloudtrail', '--files', samples, '--format', 'json']),
  );
  out.signals = JSON.parse(await run('signals', ['signals', '--format', 'json']));
  out.acknowledged = JSON.parse(
    await run('signals --status', ['signals', '--status', 'acknowledged', '--format', 'json']),
  );
  out.show = JSON.parse(await run('show', ['signals', 'show', String(first!.id), '--format', 'json']));
  out.stats = JSON.parse(await run('stats', ['detect', 'stats', '--by-day', '--format', 'json']));
  out.suppressions = JSON.parse(
    await run('suppress list', ['signals', 'suppress', 'list', '--format', 'json']),
  );
  return JSON.parse(
    JSON.stringify(out).replace(/\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?Z/g, (iso) => {
      const t = Date.parse(iso);
      return windows.find((w) => t >= w.from && t <= w.to)?.name ?? iso;
    }),
  ) as Record<string, unknown>;
}

describe.runIf(postgresEnabled())('SQLite and PostgreSQL detect alike (parity)', () => {
  let server: PostgresServer;
  let dir: string;
  beforeAll(async () => {
    server = await startPostgres();
    dir = tempDir();
  });
  afterAll(async () => server?.stop());

  it(
    'signals, their states and history, suppressions and daily stats are identical',
    { timeout: 300_000 },
    async () => {
      const [sqlite, postgres] = await Promise.all([
        detectionOutputsOf(join(dir, 'detect.db')),
        server.databaseUrl().then((url) => detectionOutputsOf(url)),
      ]);
      for (const key of Object.keys(sqlite)) expect(postgres[key], key).toEqual(sqlite[key]);
      // the comparison compares something: signals were raised, triaged and counted
      const signals = sqlite.signals as { status: string; history: unknown[] }[];
      expect(signals.length).toBeGreaterThan(5);
      expect(signals.map((s) => s.status)).toEqual(
        expect.arrayContaining(['false_positive', 'acknowledged', 'open']),
      );
      expect((sqlite.show as { history: unknown[] }).history).toEqual([
        { state: 'false_positive', at: '<now>', by: 'ann', note: 'VPN' },
      ]);
      const stats = sqlite.stats as { days: { falsePositives: number }[] };
      expect(stats.days.reduce((n, d) => n + d.falsePositives, 0)).toBe(1);
    },
  );
});
