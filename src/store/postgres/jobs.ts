import { randomUUID } from 'node:crypto';
import type { Access } from '../access.js';
import { StoreError } from '../errors.js';
import type {
  DistributedStore,
  FencedCommit,
  PlannedJobRow,
  QueueJobRow,
  QueueSql,
  ScanJobRow,
  StoreTx,
} from '../store.js';
import type { Db } from './context.js';

// Distributed mode (docs/scale-out.md): leases, slots and buckets decided on the database's clock
// (clock_timestamp(), not the transaction's start), and the fenced commit of a job's result.

/**
 * `scans.host` of a planned scan: no machine's name (host names have no parentheses), so no
 * process's start-up marks it interrupted because the planner that created it has exited.
 */
export const PLANNED_SCAN_HOST = '(jobs)';

type Run = <R>(access: Access, fn: (db: Db) => Promise<R>) => Promise<R>;
type Transaction = <R>(fn: (db: Db, tx: StoreTx) => Promise<R>) => Promise<R>;
/** Statements each committed on its own (one round trip each): for calls that are one atomic statement. */
type Statements = <R>(fn: (db: Db) => Promise<R>) => Promise<R>;

const interval = (ms: number) => `${Math.max(1, Math.round(ms))} milliseconds`;

export class PgDistributed implements DistributedStore {
  // A worker makes several of these calls per job (issue 14's per-job cost): each is one
  // statement, sent without BEGIN … COMMIT; the row lock each statement takes is all it needs.
  constructor(
    private readonly run: Run,
    private readonly transaction: Transaction,
    private readonly statements: Statements,
  ) {}

  planScan(
    p: { startedAt: Date; bundleVersion: string; command: string },
    send: (scanId: number, sql: QueueSql) => Promise<readonly PlannedJobRow[]>,
  ): Promise<number> {
    return this.transaction(async (db) => {
      const row = await db.one<{ id: number }>(
        `INSERT INTO scans (started_at, status, bundle_version, command, pid, host)
         VALUES ($1, 'running', $2, $3, NULL, $4) RETURNING id`,
        [p.startedAt.getTime(), p.bundleVersion, p.command, PLANNED_SCAN_HOST],
      );
      const scanId = row!.id;
      const jobs = await send(scanId, queueSql(db));
      if (jobs.length)
        await db.exec(
          `INSERT INTO scan_jobs (scan_id, job_key, queue, job_id, state)
           SELECT $1, k, q, i, 'queued' FROM unnest($2::text[], $3::text[], $4::text[]) AS u(k, q, i)
           ON CONFLICT (scan_id, job_key) DO NOTHING`,
          [scanId, jobs.map((j) => j.key), jobs.map((j) => j.queue), jobs.map((j) => j.jobId)],
        );
      else await finishScan(db, scanId, Date.now());
      return scanId;
    });
  }

  takeLease(p: { key: string; holder: string; jobId: string; ttlMs: number }): Promise<string | undefined> {
    const token = randomUUID();
    return this.statements(async (db) => {
      // Inserts, or takes over an expired lease; a live one (someone else's) is left alone.
      const row = await db.one<{ token: string }>(
        `INSERT INTO job_leases (key, token, holder, job_id, taken_at, expires_at)
         VALUES ($1, $2, $3, $4, clock_timestamp(), clock_timestamp() + $5::interval)
         ON CONFLICT (key) DO UPDATE SET token = excluded.token, holder = excluded.holder, job_id = excluded.job_id,
           taken_at = excluded.taken_at, expires_at = excluded.expires_at
         WHERE job_leases.expires_at <= clock_timestamp()
         RETURNING token`,
        [p.key, token, p.holder, p.jobId, interval(p.ttlMs)],
      );
      return row?.token;
    });
  }

  renewLease(key: string, token: string, ttlMs: number): Promise<boolean> {
    return this.statements(async (db) => {
      return (
        (await db.exec(
          `UPDATE job_leases SET expires_at = clock_timestamp() + $3::interval
           WHERE key = $1 AND token = $2 AND expires_at > clock_timestamp()`,
          [key, token, interval(ttlMs)],
        )) === 1
      );
    });
  }

  releaseLease(key: string, token: string): Promise<boolean> {
    return this.statements(async (db) => {
      return (await db.exec('DELETE FROM job_leases WHERE key = $1 AND token = $2', [key, token])) === 1;
    });
  }

  takeSlot(p: {
    account: string;
    limit: number;
    holder: string;
    ttlMs: number;
  }): Promise<number | undefined> {
    if (!Number.isInteger(p.limit) || p.limit < 1)
      return Promise.reject(
        new StoreError('invalid', `account slots: limit ${p.limit} is not a positive integer`),
      );
    const take = (db: Db) =>
      db.one<{ slot: number }>(
        `UPDATE account_slots s SET holder = $3, expires_at = clock_timestamp() + $4::interval
         FROM (SELECT account, slot FROM account_slots
               WHERE account = $1 AND slot <= $2 AND (holder IS NULL OR expires_at <= clock_timestamp())
               ORDER BY slot LIMIT 1 FOR UPDATE SKIP LOCKED) free
         WHERE s.account = free.account AND s.slot = free.slot
         RETURNING s.slot`,
        [p.account, p.limit, p.holder, interval(p.ttlMs)],
      );
    return this.statements(async (db) => {
      const row = await take(db);
      if (row) return row.slot;
      // None free: all held, or the account's slots (up to this limit) are not all there yet.
      const added = await db.exec(
        `INSERT INTO account_slots (account, slot) SELECT $1, generate_series(1, $2::int)
         ON CONFLICT (account, slot) DO NOTHING`,
        [p.account, p.limit],
      );
      return added > 0 ? (await take(db))?.slot : undefined;
    });
  }

  renewSlot(account: string, slot: number, holder: string, ttlMs: number): Promise<boolean> {
    return this.statements(async (db) => {
      return (
        (await db.exec(
          `UPDATE account_slots SET expires_at = clock_timestamp() + $4::interval
           WHERE account = $1 AND slot = $2 AND holder = $3 AND expires_at > clock_timestamp()`,
          [account, slot, holder, interval(ttlMs)],
        )) === 1
      );
    });
  }

  releaseSlot(account: string, slot: number, holder: string): Promise<boolean> {
    return this.statements(async (db) => {
      return (
        (await db.exec(
          'UPDATE account_slots SET holder = NULL, expires_at = NULL WHERE account = $1 AND slot = $2 AND holder = $3',
          [account, slot, holder],
        )) === 1
      );
    });
  }

  takeTokens(p: {
    account: string;
    service: string;
    n: number;
    perSecond: number;
    burst: number;
  }): Promise<number> {
    if (!(p.perSecond > 0) || !(p.burst >= p.n) || !(p.n > 0))
      return Promise.reject(
        new StoreError(
          'invalid',
          `rate bucket: need 0 < n <= burst and a positive rate (n ${p.n}, burst ${p.burst}, rate ${p.perSecond})`,
        ),
      );
    // Refill from the last update and debit in one statement (the row lock orders the workers).
    const debit = (db: Db) =>
      db.one<{ taken: boolean; available: number }>(
        `WITH now AS (SELECT clock_timestamp() AS t),
         b AS (SELECT least($4::float8, tokens + $3::float8 * extract(epoch FROM (now.t - updated_at))) AS available, now.t
               FROM rate_buckets, now WHERE account = $1 AND service = $2 FOR UPDATE OF rate_buckets)
         UPDATE rate_buckets r SET
           tokens = CASE WHEN b.available >= $5 THEN b.available - $5 ELSE b.available END,
           updated_at = b.t
         FROM b WHERE r.account = $1 AND r.service = $2
         RETURNING b.available >= $5 AS taken, b.available`,
        [p.account, p.service, p.perSecond, p.burst, p.n],
      );
    return this.statements(async (db) => {
      let row = await debit(db);
      if (!row) {
        // The bucket's first use: created full (by this worker or a concurrent one), then debited.
        await db.exec(
          `INSERT INTO rate_buckets (account, service, tokens, updated_at) VALUES ($1, $2, $3, clock_timestamp())
           ON CONFLICT (account, service) DO NOTHING`,
          [p.account, p.service, p.burst],
        );
        row = await debit(db);
      }
      if (!row) throw new StoreError('corrupt', `rate bucket ${p.account}/${p.service} vanished`);
      if (row.taken) return 0;
      return Math.max(1, Math.ceil(((p.n - row.available) / p.perSecond) * 1000));
    });
  }

  async fencedCommit<T>(
    fence: { key: string; token: string; scanId: number; scopes: readonly string[] },
    fn: (tx: StoreTx) => Promise<T>,
    complete: (sql: QueueSql) => Promise<void>,
  ): Promise<FencedCommit<T>> {
    try {
      return await this.transaction(async (db, tx) => {
        const held = await db.one<{ key: string }>(
          `SELECT key FROM job_leases WHERE key = $1 AND token = $2 AND expires_at > clock_timestamp() FOR UPDATE`,
          [fence.key, fence.token],
        );
        // Rolls back: the lease belongs to another attempt now (or to nobody), and so does the job.
        if (!held) throw new LeaseLost();
        // Scope runs are recorded one transaction at a time (scope-run.ts): checked under the same lock.
        await db.lock('scope-runs');
        const refusal = await refuse(db, fence.scanId, fence.scopes);
        let result: FencedCommit<T>;
        if (refusal) result = refusal;
        else result = { outcome: 'committed', result: await fn(tx), scanFinished: false };
        await complete(queueSql(db));
        await db.exec('DELETE FROM job_leases WHERE key = $1 AND token = $2', [fence.key, fence.token]);
        const finished = await markDone(
          db,
          fence.scanId,
          fence.key,
          result.outcome as 'committed',
          Date.now(),
        );
        if (result.outcome === 'committed') result.scanFinished = finished;
        return result;
      });
    } catch (error) {
      if (error instanceof LeaseLost)
        return {
          outcome: 'lost',
          reason: `the lease on ${fence.key} expired or was taken over; nothing was committed`,
        };
      throw error;
    }
  }

  queueJobs(p: {
    schema: string;
    prefix: string;
    states: readonly string[];
    limit: number;
    id?: string;
  }): Promise<QueueJobRow[]> {
    const table = queueTable(p.schema);
    return this.run('read', (db) =>
      db.query<QueueJobRow>(
        `SELECT ${QUEUE_JOB_COLUMNS} FROM ${table}
         WHERE starts_with(name, $1) AND state::text = ANY($2::text[]) AND ($4::text IS NULL OR id::text = $4)
         ORDER BY created_on DESC, id LIMIT $3`,
        [`${p.prefix}.`, p.states, p.limit, p.id ?? null],
      ),
    );
  }

  queueJobsWithData(p: {
    schema: string;
    queues: readonly string[];
    data: unknown;
    states: readonly string[];
  }): Promise<QueueJobRow[]> {
    const table = queueTable(p.schema);
    return this.run('read', (db) =>
      db.query<QueueJobRow>(
        `SELECT ${QUEUE_JOB_COLUMNS} FROM ${table}
         WHERE name = ANY($1::text[]) AND data = $2::jsonb AND state::text = ANY($3::text[])
         ORDER BY created_on DESC, id`,
        [p.queues, JSON.stringify(p.data), p.states],
      ),
    );
  }

  scanJobs(limit = 20): Promise<ScanJobRow[]> {
    return this.run('read', (db) =>
      db.query<ScanJobRow>(
        `SELECT j.scan_id AS "scanId", j.job_key AS key, j.queue, j.job_id AS "jobId", j.state, j.outcome
         FROM scan_jobs j WHERE j.scan_id IN (SELECT DISTINCT scan_id FROM scan_jobs ORDER BY scan_id DESC LIMIT $1)
         ORDER BY j.scan_id DESC, j.job_key`,
        [limit],
      ),
    );
  }
}

class LeaseLost extends Error {}

const QUEUE_JOB_COLUMNS = `id::text AS id, name AS queue, state::text AS state, retry_count AS "retryCount",
  retry_limit AS "retryLimit", created_on AS "createdOn", started_on AS "startedOn", completed_on AS "completedOn",
  start_after AS "startAfter", singleton_key AS "singletonKey", data, output`;

/** pg-boss's job table in `schema`, quoted (the name is checked: it is spliced into the statement). */
function queueTable(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,49}$/.test(schema))
    throw new StoreError('invalid', `queue schema "${schema}": expected a lower-case SQL identifier`);
  return `"${schema}".job`;
}

/** The transaction's connection, as a queue library runs statements on it. */
const queueSql = (db: Db): QueueSql => ({
  executeSql: async (text, values) => ({ rows: await db.query(text, values) }),
});

/** Why a job's result must not be recorded: already recorded in its scan, or newer state exists. */
async function refuse(
  db: Db,
  scanId: number,
  scopes: readonly string[],
): Promise<FencedCommit<never> | undefined> {
  const scan = await db.one<{ startedAt: number }>(
    'SELECT started_at AS "startedAt" FROM scans WHERE id = $1',
    [scanId],
  );
  if (!scan) throw new StoreError('invalid', `scan ${scanId} does not exist (pruned?)`);
  if (scopes.length === 0) return undefined;
  const done = await db.one<{ key: string }>(
    `SELECT s.key FROM scope_runs r JOIN scopes s ON s.id = r.scope_id WHERE r.scan_id = $1 AND s.key = ANY($2::text[])
     ORDER BY s.key LIMIT 1`,
    [scanId, scopes],
  );
  if (done)
    return {
      outcome: 'duplicate',
      reason: `scope ${done.key} is already recorded in scan ${scanId} (an earlier attempt committed)`,
    };
  const newer = await db.one<{ key: string; scanId: number }>(
    `SELECT s.key, r.scan_id AS "scanId" FROM scope_runs r JOIN scopes s ON s.id = r.scope_id JOIN scans c ON c.id = r.scan_id
     WHERE s.key = ANY($1::text[]) AND (c.started_at, c.id) > ($2::bigint, $3::bigint)
     ORDER BY r.scan_id DESC LIMIT 1`,
    [scopes, scan.startedAt, scanId],
  );
  if (newer)
    return {
      outcome: 'stale',
      reason: `scope ${newer.key} was already recorded by a later scan (${newer.scanId}); this older result would move history backwards`,
    };
  return undefined;
}

/** Marks a planned job done; when it was the scan's last, finishes the scan. True when it did. */
async function markDone(
  db: Db,
  scanId: number,
  key: string,
  outcome: 'committed' | 'duplicate' | 'stale',
  at: number,
): Promise<boolean> {
  const updated = await db.exec(
    `UPDATE scan_jobs SET state = 'done', outcome = $3, done_at = $4 WHERE scan_id = $1 AND job_key = $2 AND state = 'queued'`,
    [scanId, key, outcome, at],
  );
  if (updated === 0) return false;
  // Jobs of one scan finishing at once: the scan's row lock makes one of them see none left.
  await db.one('SELECT id FROM scans WHERE id = $1 FOR UPDATE', [scanId]);
  const left = await db.one<{ n: number }>(
    "SELECT count(*) AS n FROM scan_jobs WHERE scan_id = $1 AND state = 'queued'",
    [scanId],
  );
  if ((left?.n ?? 0) > 0) return false;
  await finishScan(db, scanId, at);
  return true;
}

async function finishScan(db: Db, scanId: number, at: number): Promise<void> {
  const runs = await db.one<{ ok: number; error: number }>(
    `SELECT count(*) FILTER (WHERE status = 'ok') AS ok, count(*) FILTER (WHERE status = 'error') AS error
     FROM scope_runs WHERE scan_id = $1`,
    [scanId],
  );
  const status =
    !runs || runs.ok === 0 ? (runs && runs.error > 0 ? 'failed' : 'ok') : runs.error > 0 ? 'partial' : 'ok';
  await db.exec("UPDATE scans SET finished_at = $2, status = $3 WHERE id = $1 AND status = 'running'", [
    scanId,
    at,
    status,
  ]);
}
