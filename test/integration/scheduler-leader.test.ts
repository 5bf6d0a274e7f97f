import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStance, tempDir } from '../helpers/cli.js';
import { poll } from '../helpers/poll.js';
import { startFakeAws } from '../../bench/lib/fake-aws.mjs';
import { postgresEnabled, startPostgres, type PostgresServer } from '../helpers/postgres.js';

const until = <T>(what: string, probe: () => Promise<T | undefined | false>) =>
  poll(what, probe, { timeoutMs: 30_000, probeErrors: 'fail' });

interface Tick {
  due_at: number;
  claimed_by: string;
}

/**
 * Two real `stance daemon` processes on one real PostgreSQL database: one leads and claims every
 * tick; the standby claims nothing until the leader is killed with SIGKILL, then takes over; no
 * tick is ever claimed twice (the primary key would refuse it, and the test reads every row).
 */
describe.runIf(postgresEnabled())('stance daemon --db postgres:// (leader election)', () => {
  let server: PostgresServer;
  beforeAll(async () => {
    server = await startPostgres();
  }, 120_000);
  afterAll(async () => server?.stop());

  it('one daemon leads and claims the ticks; kill -9 of the leader hands over to the standby', async () => {
    const dir = tempDir();
    const schema = `leader_${process.pid}`;
    const db = await server.schemaUrl(schema);
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      [
        'targets:',
        '  - name: every-second',
        '    kubernetes:',
        '      cluster: lab',
        '    schedule: "* * * * * *"',
        'daemon:',
        '  jitterSeconds: 0',
      ].join('\n'),
    );
    const env = { STANCE_SCHEDULER_RETRY_MS: '300' };
    // empty until the first daemon has migrated the schema
    const ticks = (): Promise<Tick[]> =>
      server.query(`SELECT due_at, claimed_by FROM ${schema}.schedule_ticks ORDER BY due_at`).then(
        (rows) => rows as unknown as Tick[],
        () => [],
      );
    const holders = async () => new Set((await ticks()).map((t) => t.claimed_by.split(':')[1]));
    const a = startStance(['daemon', '--config', config, '--db', db], { env });
    // the first one migrates and leads before the second starts
    await until('daemon A leading', async () => (await holders()).size > 0 && (await holders()));
    const b = startStance(['daemon', '--config', config, '--db', db], { env });
    try {
      await new Promise((r) => setTimeout(r, 4_000));
      const leader = [...(await holders())];
      expect(leader).toEqual([String(a.child.pid)]);
      const before = (await ticks()).length;
      expect(before).toBeGreaterThanOrEqual(3);

      a.child.kill('SIGKILL');
      await a.done;
      await until('daemon B taking over', async () => (await holders()).has(String(b.child.pid)));
      await new Promise((r) => setTimeout(r, 2_000));
      const after = await ticks();
      // every tick once, and B's ticks all after A's last one: never both at once
      expect(new Set(after.map((t) => t.due_at)).size).toBe(after.length);
      const lastOfA = Math.max(
        ...after.filter((t) => t.claimed_by.includes(`:${a.child.pid}:`)).map((t) => t.due_at),
      );
      const firstOfB = Math.min(
        ...after.filter((t) => t.claimed_by.includes(`:${b.child.pid}:`)).map((t) => t.due_at),
      );
      expect(firstOfB).toBeGreaterThan(lastOfA);
      expect(await holders()).toEqual(new Set([String(a.child.pid), String(b.child.pid)]));
      // each tick enqueued one run: one scan, one job (the claim commits with the run: none without one)
      const started = (await server.query(
        `SELECT scan_id FROM ${schema}.schedule_ticks WHERE scan_id IS NOT NULL`,
      )) as unknown as { scan_id: number }[];
      expect(started.length).toBe(after.length);
      const jobs = (await server.query(
        `SELECT (data->>'scanId')::bigint AS scan FROM pgboss.job WHERE name = 'stance.k8s'`,
      )) as unknown as { scan: number }[];
      const jobScans = jobs.map((j) => Number(j.scan));
      // one job per started run, and no job without its tick
      expect(new Set(jobScans).size).toBe(jobScans.length);
      for (const t of started) expect(jobScans).toContain(Number(t.scan_id));
      expect(jobScans.length).toBe(started.length);
    } finally {
      a.child.kill('SIGKILL');
      b.child.kill('SIGTERM');
      const stopped = await b.done;
      expect(stopped.code, stopped.stderr).toBe(0);
    }
  }, 90_000);

  it('expands an organisation into per-account jobs at each run: a new account is in the next run, a suspended one in none', async () => {
    const fake = await startFakeAws({ accounts: [{ id: '222222222222' }, { id: '333333333333' }] });
    const dir = tempDir();
    const schema = `org_${process.pid}`;
    const db = await server.schemaUrl(schema);
    const config = join(dir, 'stance.yaml');
    writeFileSync(
      config,
      [
        'targets:',
        '  - name: org',
        '    schedule: "* * * * * *"',
        '    aws:',
        '      orgRole: stance-audit',
        '      regions: [us-east-1]',
        '      services: [sqs]',
        'daemon:',
        '  jitterSeconds: 0',
      ].join('\n'),
    );
    const accountsByScan = async () => {
      const rows = (await server
        .query(
          `SELECT (data->>'scanId')::bigint AS scan, data->>'account' AS account FROM pgboss.job
           WHERE name = 'stance.aws' AND data->>'scanId' IN (SELECT scan_id::text FROM ${schema}.schedule_ticks)`,
        )
        .catch(() => [])) as unknown as { scan: number; account: string }[];
      const out = new Map<number, Set<string>>();
      for (const r of rows) out.set(Number(r.scan), (out.get(Number(r.scan)) ?? new Set()).add(r.account));
      return [...out].sort((a, b) => a[0] - b[0]).map(([, set]) => [...set].sort().join(','));
    };
    const daemon = startStance(['daemon', '--config', config, '--db', db], {
      env: { ...fake.env, STANCE_SCHEDULER_RETRY_MS: '300' },
    });
    try {
      await until('two runs of the organisation', async () => (await accountsByScan()).length >= 2);
      fake.state.accounts.push({ id: '444444444444' });
      fake.state.accounts[1]!.status = 'SUSPENDED';
      await until('a run after the change', async () =>
        (await accountsByScan()).includes('222222222222,444444444444'),
      );
      const runs = await accountsByScan();
      const first = runs.indexOf('222222222222,444444444444');
      expect(runs.slice(0, first).every((r) => r === '222222222222,333333333333')).toBe(true);
      // per run: one job per (account, region group): the global group and us-east-1
      const perScan = (await server.query(
        `SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'stance.aws' GROUP BY data->>'scanId'`,
      )) as unknown as { n: number }[];
      expect(perScan.every((r) => r.n === 4)).toBe(true);
    } finally {
      daemon.child.kill('SIGTERM');
      const stopped = await daemon.done;
      await fake.close();
      expect(stopped.code, stopped.stderr).toBe(0);
    }
  }, 90_000);
});
