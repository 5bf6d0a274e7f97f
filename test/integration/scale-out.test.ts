import { writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAws } from '../../bench/lib/fake-aws.mjs';
import { PostgresStore } from '../../src/store/postgres/index.js';
import { fixture, runStance, startStance, tempDir } from '../helpers/cli.js';
import { poll } from '../helpers/poll.js';
import { postgresEnabled, startPostgres, type PostgresServer } from '../helpers/postgres.js';

const until = <T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 60_000) =>
  poll(what, probe, { timeoutMs, probeErrors: 'fail' });

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

  it('three workers over many jobs, one killed with SIGKILL mid-job, PostgreSQL restarted mid-run: every job done once in effect, one delivery id per logical alert', async () => {
    const accounts = Array.from({ length: 12 }, (_, i) => String(210000000000 + i));
    const fake = await startFakeAws({ latencyMs: 400 });
    const rx = await receiver();
    const dir = tempDir();
    const schema = `chaos_${process.pid}`;
    const db = await server.schemaUrl(schema);
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      [
        'targets:',
        '  - name: fleet',
        '    aws:',
        '      regions: [us-east-1, us-west-2]',
        '      services: [sqs]',
        '      roleArns:',
        ...accounts.map((a) => `        - arn:aws:iam::${a}:role/stance-audit`),
        'notify:',
        '  - type: webhook',
        `    url: ${rx.url}`,
        '    allowPrivateTargets: true',
        '    maxItems: 500',
      ].join('\n'),
    );
    // a killed worker's job expires and is retried within seconds
    const env = {
      ...fake.env,
      STANCE_JOB_EXPIRE_SECONDS: '8',
      STANCE_JOB_RETRY_DELAY_SECONDS: '1',
      STANCE_JOB_MAINTENANCE_SECONDS: '1',
    };
    const sql = <T>(text: string) => server.query(text) as unknown as Promise<T[]>;
    const enqueued = await runStance(
      ['jobs', 'enqueue', '--target', 'fleet', '--config', config, '--db', db],
      {
        env,
      },
    );
    expect(enqueued.code, enqueued.stderr).toBe(0);
    const total = (await sql<{ total: number }>(`SELECT count(*)::int AS total FROM ${schema}.scan_jobs`))[0]!
      .total;
    expect(total).toBe(accounts.length * 3); // global + two regions per account
    // a short lease: the killed worker's jobs (and its account slots) are free again within seconds;
    // renewed every third of it, it still holds on this loaded machine
    const worker = () =>
      startStance(['worker', '--config', config, '--db', db, '--concurrency', '2', '--lease-ttl', '10'], {
        env,
      });
    const workers = [worker(), worker(), worker()];
    try {
      // mid-job: calls of that worker's jobs are in flight at the fake (400 ms each)
      await until(
        'jobs in flight',
        async () => fake.state.calls >= 6 && [...fake.state.inFlight.values()].some((n) => n > 0),
        180_000,
      );
      workers[0]!.child.kill('SIGKILL');
      await until('more progress', async () => fake.state.calls >= 24);
      server.restart();
      const done = async () =>
        (
          await sql<{ n: number }>(
            `SELECT count(*)::int AS n FROM ${schema}.scan_jobs WHERE state = 'done'`,
          ).catch(() => [{ n: 0 }])
        )[0]!.n;
      // the killed worker's lease (10 s here; 60 s by default) must expire before its job runs again
      let progress = 0;
      await until(
        'every job done',
        async () => (progress = await done()) === total || undefined,
        240_000,
      ).catch((error: Error) => {
        throw new Error(`${error.message} (${progress}/${total})`);
      });

      // every job done once in effect: one scope run per (scan, scope), one per regional SQS scope
      const runs = await sql<{ scan_id: number; scope_id: number; n: number }>(
        `SELECT scan_id, scope_id, count(*)::int AS n FROM ${schema}.scope_runs GROUP BY 1, 2`,
      );
      expect(runs.filter((r) => r.n !== 1)).toEqual([]);
      const sqsScopes = await sql<{ key: string }>(
        `SELECT s.key FROM ${schema}.scope_runs r JOIN ${schema}.scopes s ON s.id = r.scope_id WHERE s.service = 'sqs' AND r.status = 'ok'`,
      );
      expect(sqsScopes).toHaveLength(accounts.length * 2);
      // no duplicate intervals; one open interval per (resource, rule)
      const open = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${schema}.finding_open GROUP BY resource_key, rule_key HAVING count(*) > 1`,
      );
      expect(open).toEqual([]);
      const closed = await sql<{ n: number }>(
        `SELECT count(*)::int AS n FROM ${schema}.finding_closed GROUP BY resource_key, rule_key, valid_from HAVING count(*) > 1`,
      );
      expect(closed).toEqual([]);
      const store = await PostgresStore.open(db);
      try {
        expect(await store.checkInvariants()).toEqual([]);
      } finally {
        await store.close();
      }

      // every logical alert (a new failure of one queue under one rule) under exactly one delivery id
      const queues = accounts.flatMap((a) =>
        ['us-east-1', 'us-west-2'].map((r) => `arn:aws:sqs:${r}:${a}:stance-bench-${a}`),
      );
      const alertsOf = (d: Delivery) =>
        ((d.body.alerts as { resourceId: string; ruleId: string; kind: string }[] | undefined) ?? []).map(
          (a) => `${a.kind} ${a.ruleId} ${a.resourceId}`,
        );
      await until(
        'alerts for every queue',
        async () => {
          const seen = new Set(rx.deliveries.flatMap(alertsOf).map((a) => a.split(' ')[2]));
          return queues.every((q) => seen.has(q));
        },
        60_000,
      );
      const perAlert = new Map<string, Set<string>>();
      for (const d of rx.deliveries)
        for (const a of alertsOf(d)) perAlert.set(a, (perAlert.get(a) ?? new Set()).add(d.id));
      for (const [alert, ids] of perAlert) expect([alert, ids.size]).toEqual([alert, 1]);
      for (const q of queues) expect([...perAlert.keys()].some((a) => a.endsWith(` ${q}`))).toBe(true);
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.done));
      rx.server.close();
      await fake.close();
    }
  }, 360_000);

  it('rate limits across workers: four workers never have more calls in flight per account than --account-concurrency', async () => {
    const accounts = ['220000000001', '220000000002', '220000000003'];
    const fake = await startFakeAws({ latencyMs: 300 });
    const dir = tempDir();
    const schema = `limits_${process.pid}`;
    const db = await server.schemaUrl(schema);
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      [
        'targets:',
        '  - name: fleet',
        '    aws:',
        '      regions: [us-east-1, us-east-2, us-west-1, us-west-2, eu-west-1, eu-central-1]',
        '      services: [sqs]',
        '      roleArns:',
        ...accounts.map((a) => `        - arn:aws:iam::${a}:role/stance-audit`),
      ].join('\n'),
    );
    const env = { ...fake.env, STANCE_JOB_RETRY_DELAY_SECONDS: '1' };
    const enqueued = await runStance(
      ['jobs', 'enqueue', '--target', 'fleet', '--config', config, '--db', db],
      {
        env,
      },
    );
    expect(enqueued.code, enqueued.stderr).toBe(0);
    const LIMIT = 2;
    const workers = Array.from({ length: 4 }, () =>
      startStance(
        [
          'worker',
          '--config',
          config,
          '--db',
          db,
          '--concurrency',
          '3',
          '--account-concurrency',
          String(LIMIT),
        ],
        { env },
      ),
    );
    try {
      await until(
        'every regional scope collected',
        async () => fake.state.callsByAccount.size === 3 && fake.state.calls >= accounts.length * 6 * 2,
        240_000,
      );
      const most = Math.max(...fake.state.maxInFlight.values());
      // the limit was reached (the test can fail) and never passed
      expect(most).toBe(LIMIT);
      for (const [account, n] of fake.state.maxInFlight)
        expect([account, n <= LIMIT]).toEqual([account, true]);
    } finally {
      for (const w of workers) w.child.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.done));
      await fake.close();
    }
  }, 300_000);
});
