import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, runStance, startStance, tempDir } from '../helpers/cli.js';
import { postgresEnabled, startPostgres, type PostgresServer } from '../helpers/postgres.js';

async function until<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

interface Delivery {
  id: string;
  body: Record<string, unknown>;
}

/** A webhook receiver that records each delivery's Stance-Delivery-Id and body. */
async function receiver(): Promise<{ server: Server; url: string; deliveries: Delivery[] }> {
  const deliveries: Delivery[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      deliveries.push({
        id: String(req.headers['stance-delivery-id']),
        body: JSON.parse(body) as Record<string, unknown>,
      });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    deliveries,
  };
}

/** Each logical alert (by `logical`) has exactly one delivery id: fails on zero or two. */
function oneIdPerLogicalAlert(deliveries: Delivery[], logical: (d: Delivery) => string): Map<string, string> {
  const ids = new Map<string, Set<string>>();
  for (const d of deliveries) ids.set(logical(d), (ids.get(logical(d)) ?? new Set()).add(d.id));
  const out = new Map<string, string>();
  for (const [alert, set] of ids) {
    expect([alert, set.size]).toEqual([alert, 1]);
    out.set(alert, [...set][0]!);
  }
  return out;
}

describe.runIf(postgresEnabled())('distributed mode on one PostgreSQL database (real processes)', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => server?.stop());

  it('two daemons at once: stale-scope alerts go out once per account, each under one delivery id', async () => {
    const dir = tempDir();
    const db = await server.schemaUrl(`daemons_${process.pid}`);
    const rx = await receiver();
    // scopes with a successful run, then no more runs: they age past the window of the schedule
    const seeded = await runStance(['scan', '--snapshot', fixture('snapshots', 'minimal.json'), '--db', db]);
    expect([0, 1]).toContain(seeded.code);
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      [
        'targets:',
        '  - name: lab',
        '    schedule: "* * * * * *"',
        '    staleAfter: 2',
        '    kubernetes:',
        '      cluster: lab',
        'daemon:',
        '  jitterSeconds: 0',
        'notify:',
        '  - type: webhook',
        `    url: ${rx.url}`,
        '    allowPrivateTargets: true',
      ].join('\n'),
    );
    const env = { STANCE_SCHEDULER_RETRY_MS: '200', STANCE_STALE_CHECK_MS: '200' };
    const daemons = [0, 1].map(() => startStance(['daemon', '--config', config, '--db', db], { env }));
    try {
      const isScopeAlert = (d: Delivery) => typeof d.body.account === 'string';
      await until('stale-scope alerts', async () => rx.deliveries.filter(isScopeAlert).length >= 2);
      // a few more passes of both daemons: nothing is announced again
      await new Promise((r) => setTimeout(r, 3_000));
      const scopeAlerts = rx.deliveries.filter(isScopeAlert);
      const byAccount = oneIdPerLogicalAlert(scopeAlerts, (d) => String(d.body.account));
      expect([...byAccount.keys()].sort()).toEqual(['aws/111122223333', 'k8s/test']);
      expect(scopeAlerts).toHaveLength(byAccount.size);
    } finally {
      for (const d of daemons) d.child.kill('SIGTERM');
      const stopped = await Promise.all(daemons.map((d) => d.done));
      rx.server.close();
      for (const s of stopped) expect(s.code, s.stderr).toBe(0);
    }
  }, 120_000);
});
