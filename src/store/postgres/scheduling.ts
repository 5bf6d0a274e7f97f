import pg from 'pg';
import type { LeaderLock, ScheduleCoordination } from '../store.js';
import { translate } from './connection.js';
import type { Db, LockKeys } from './context.js';

/**
 * Leadership among the daemons of one database: a session advisory lock on a connection of its
 * own (never the pool's, which hands connections around). The lock lives as long as that session:
 * a daemon killed, partitioned or whose connection the server dropped loses it, and a standby's
 * next attempt takes it. A leader confirms its session answers before each enqueue, so one whose
 * connection is gone stops enqueuing before it competes again (with a new connection).
 */
export class PgLeaderLock implements LeaderLock {
  private client: pg.Client | undefined;
  private leading = false;

  constructor(
    private readonly connectionString: string,
    private readonly shown: string,
    private readonly key: string,
  ) {}

  get held(): boolean {
    return this.leading;
  }

  async tryAcquire(): Promise<boolean> {
    if (this.leading) return this.confirm();
    await this.drop();
    const client = new pg.Client({
      connectionString: this.connectionString,
      application_name: 'stance-scheduler',
      connectionTimeoutMillis: 10_000,
      // a dead peer is noticed by the kernel, not only at the next query
      keepAlive: true,
    });
    // a server restart or a terminated backend: the lock went with the session
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      const row = (
        await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS ok', [this.key])
      ).rows[0];
      if (!row?.ok) {
        await client.end().catch(() => undefined);
        return false;
      }
      this.client = client;
      this.leading = true;
      return true;
    } catch (error) {
      await client.end().catch(() => undefined);
      throw translate(error, this.shown);
    }
  }

  async confirm(): Promise<boolean> {
    const client = this.client;
    if (!this.leading || !client) return false;
    try {
      // the session that holds the lock still answers, and still holds it
      const row = (
        await client.query<{ n: number }>(
          "SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND granted",
        )
      ).rows[0];
      if (row && row.n > 0) return true;
    } catch {
      // the connection is gone: so is the lock
    }
    this.lost(client);
    return false;
  }

  async release(): Promise<void> {
    const client = this.client;
    this.leading = false;
    this.client = undefined;
    if (!client) return;
    await client.query('SELECT pg_advisory_unlock($1::bigint)', [this.key]).catch(() => undefined);
    await client.end().catch(() => undefined);
  }

  private lost(client: pg.Client): void {
    if (client !== this.client) return;
    this.leading = false;
    this.client = undefined;
    void client.end().catch(() => undefined);
  }

  private async drop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (client) await client.end().catch(() => undefined);
  }
}

/** Claims of schedule ticks: one row per (schedule, due time), inserted once. */
export class PgScheduleTicks {
  constructor(private readonly db: Db) {}

  async claim(schedule: string, due: Date, holder: string, at: Date): Promise<boolean> {
    return (
      (await this.db.exec(
        `INSERT INTO schedule_ticks (schedule, due_at, claimed_at, claimed_by) VALUES ($1, $2, $3, $4)
         ON CONFLICT (schedule, due_at) DO NOTHING`,
        [schedule, due.getTime(), at.getTime(), holder],
      )) === 1
    );
  }

  async started(schedule: string, due: Date, scanId: number): Promise<void> {
    await this.db.exec('UPDATE schedule_ticks SET scan_id = $3 WHERE schedule = $1 AND due_at = $2', [
      schedule,
      due.getTime(),
      scanId,
    ]);
  }

  async last(schedule: string): Promise<Date | undefined> {
    const row = await this.db.one<{ at: number | null }>(
      'SELECT max(due_at) AS at FROM schedule_ticks WHERE schedule = $1',
      [schedule],
    );
    return row?.at == null ? undefined : new Date(row.at);
  }

  async list(schedule: string): Promise<{ due: Date; claimedBy: string; scanId: number | null }[]> {
    const rows = await this.db.query<{ due: number; by: string; scan: number | null }>(
      'SELECT due_at AS due, claimed_by AS by, scan_id AS scan FROM schedule_ticks WHERE schedule = $1 ORDER BY due_at',
      [schedule],
    );
    return rows.map((r) => ({ due: new Date(r.due), claimedBy: r.by, scanId: r.scan }));
  }
}

/** The store's ScheduleCoordination: leader locks named per schema, tick claims each in its own transaction. */
export function scheduleCoordination(
  connectionString: string,
  shown: string,
  keys: LockKeys,
  write: <R>(fn: (db: Db) => Promise<R>) => Promise<R>,
  read: <R>(fn: (db: Db) => Promise<R>) => Promise<R>,
): ScheduleCoordination {
  return {
    leader: (name) => new PgLeaderLock(connectionString, shown, keys.of(`leader:${name}`)),
    claimTick: (schedule, due, holder, at) =>
      write((db) => new PgScheduleTicks(db).claim(schedule, due, holder, at)),
    tickStarted: (schedule, due, scanId) =>
      write((db) => new PgScheduleTicks(db).started(schedule, due, scanId)),
    lastTick: (schedule) => read((db) => new PgScheduleTicks(db).last(schedule)),
    ticks: (schedule) => read((db) => new PgScheduleTicks(db).list(schedule)),
  };
}
