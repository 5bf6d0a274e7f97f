import { AsyncLocalStorage } from 'node:async_hooks';
import type pg from 'pg';
import { REPOSITORY_ACCESS, type Access } from '../access.js';
import { StoreError } from '../errors.js';
import type { PruneResult } from '../model.js';
import type {
  DetectionRepository,
  EventLog,
  Repositories,
  ScheduleCoordination,
  Store,
  StoreTx,
} from '../store.js';
import { createPool, parseLocation, translate, type PostgresOptions } from './connection.js';
import { Db, type LockKeys, type Mode } from './context.js';
import { PgDetection, PgEventLog } from './detection.js';
import { PgFindings } from './findings.js';
import { PgDistributed } from './jobs.js';
import { PgLocks } from './locks.js';
import { checkInvariants, prune } from './maintenance.js';
import { PgMutes } from './mutes.js';
import { PgConsole } from './console.js';
import { prepareSchema } from './open.js';
import { PgOutbox } from './outbox.js';
import { PgResources } from './resources.js';
import { PgRules, PgScans } from './scans.js';
import { scheduleCoordination } from './scheduling.js';
import { PgSignals, PgSuppressions } from './signals.js';

/** The transaction the current async context runs in (to refuse a call on the store inside its own transaction). */
const inTransaction = new AsyncLocalStorage<{ store: PostgresStore; active: boolean }>();

const BEGIN: Record<Exclude<Mode, 'statement'>, string> = {
  // one consistent snapshot for a read made of several queries ("as of": scope states, intervals, scans)
  read: 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY',
  write: 'BEGIN',
  transaction: 'BEGIN',
};

/**
 * The PostgreSQL store: a pool of connections; every call on the store runs in its own
 * transaction on one pooled connection, `transaction()` holds one connection and one transaction
 * for the whole callback. Transactions are READ COMMITTED; the read-modify-write sequences that
 * SQLite's single writer serialised take locks instead (scope runs, detection commits, named
 * leases, partition creation, migrations: advisory locks; see those modules). Reads run in a
 * read-only REPEATABLE READ snapshot. A read-only store makes every transaction read-only.
 */
export class PostgresStore implements Store {
  readonly rules: Repositories['rules'];
  readonly scans: Repositories['scans'];
  readonly resources: Repositories['resources'];
  readonly findings: Repositories['findings'];
  readonly mutes: Repositories['mutes'];
  readonly console: Repositories['console'];
  readonly signals: Repositories['signals'];
  readonly suppressions: Repositories['suppressions'];
  readonly outbox: Repositories['outbox'];
  readonly detection: Repositories['detection'];
  readonly locks: Repositories['locks'];
  readonly upgradeNotices: readonly string[] = [];
  readonly scheduling: ScheduleCoordination;
  readonly distributed: PgDistributed;
  private closed = false;
  private logOpen = false;

  private constructor(
    readonly location: string,
    private readonly pool: pg.Pool,
    private readonly keys: LockKeys,
    readonly outdated: boolean,
    private readonly readonly: boolean,
    /** The schema the store lives in (the connection's current schema). */
    readonly schema: string,
    connectionString: string,
  ) {
    this.scheduling = scheduleCoordination(
      connectionString,
      location,
      keys,
      (fn) => this.run('write', fn),
      (fn) => this.run('read', fn),
    );
    const repositories = this.storeRepositories();
    this.rules = repositories.rules;
    this.scans = repositories.scans;
    this.resources = repositories.resources;
    this.findings = repositories.findings;
    this.mutes = repositories.mutes;
    this.console = repositories.console;
    this.signals = repositories.signals;
    this.suppressions = repositories.suppressions;
    this.outbox = repositories.outbox;
    this.detection = repositories.detection;
    this.locks = repositories.locks;
    this.distributed = new PgDistributed(
      (access, fn) => this.run(access, fn),
      (fn) => this.transactionWithDb(fn),
      (fn) => this.statements(fn),
    );
  }

  static async open(location: string, opts: PostgresOptions = {}): Promise<PostgresStore> {
    const { shown, connectionString } = parseLocation(location);
    const pool = createPool(connectionString, opts);
    try {
      const client = await pool.connect();
      try {
        const prepared = await prepareSchema(client, shown, opts.readonly ?? false);
        return new PostgresStore(
          shown,
          pool,
          prepared.keys,
          prepared.outdated,
          opts.readonly ?? false,
          prepared.schema,
          connectionString,
        );
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw translate(error, shown);
    }
  }

  /** The repositories bound to one transaction's connection. */
  private bound(db: Db): Repositories {
    const detection = new PgDetection(db);
    return {
      rules: new PgRules(db),
      scans: new PgScans(db),
      resources: new PgResources(db),
      findings: new PgFindings(db),
      mutes: new PgMutes(db),
      signals: new PgSignals(db),
      suppressions: new PgSuppressions(db),
      outbox: new PgOutbox(db),
      detection: {
        readState: (keys) => detection.readState(keys),
        writeState: (entries, at) => detection.writeState(entries, at),
        checkpoints: (source) => detection.checkpoints(source),
        saveCheckpoints: (source, rows, pruneBefore) => detection.saveCheckpoints(source, rows, pruneBefore),
        advanceCheckpoints: (source, rows) => detection.advanceCheckpoints(source, rows),
        startEventLog: () => this.startEventLog(),
        commitEventLog: (log, p) => detection.commitLog(logIdOf(log), p),
      },
      locks: new PgLocks(db),
      console: new PgConsole(db),
    };
  }

  /** Repositories whose every call runs in its own transaction. */
  private storeRepositories(): Repositories {
    const out: Record<string, unknown> = {};
    for (const [repository, methods] of Object.entries(REPOSITORY_ACCESS)) {
      const bound: Record<string, unknown> = {};
      for (const [method, access] of Object.entries(methods as Record<string, Access>)) {
        bound[method] = (...args: unknown[]) =>
          this.run(access, (db) => {
            const target = this.bound(db)[repository as keyof Repositories] as unknown as Record<
              string,
              (...a: unknown[]) => Promise<unknown>
            >;
            return target[method]!(...args);
          });
      }
      out[repository] = bound;
    }
    const detection = out.detection as Record<string, unknown>;
    detection.startEventLog = () => this.startEventLog();
    detection.commitEventLog = (log: EventLog, p: { watermark: number; forgetBefore: number }) =>
      this.run('write', (db) => new PgDetection(db).commitLog(logIdOf(log), p));
    return out as unknown as Repositories;
  }

  private async startEventLog(): Promise<EventLog> {
    if (this.logOpen)
      throw new StoreError('invalid', 'a detection run is already in progress on this connection');
    this.logOpen = true;
    try {
      // The log is written between transactions, while the input is read: through the store, never a transaction.
      const id = await this.run('write', (db) => new PgDetection(db).startLog(Date.now()));
      return new PgEventLog(
        id,
        (fn) => this.run('write', fn),
        () => (this.logOpen = false),
      );
    } catch (error) {
      this.logOpen = false;
      throw error;
    }
  }

  private refuseInsideOwnTransaction(): void {
    if (this.closed) throw new StoreError('invalid', `database ${this.location} is closed`);
    const current = inTransaction.getStore();
    if (current?.store === this && current.active)
      throw new StoreError(
        'invalid',
        'the store was called inside its own transaction (use the repositories of the transaction, `tx`)',
      );
  }

  /** Runs `fn` in one transaction on one pooled connection; translates errors. */
  private async withTransaction<R>(mode: Mode, fn: (db: Db) => Promise<R>): Promise<R> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (error) {
      throw translate(error, this.location);
    }
    const db = new Db(client, mode, this.location, this.keys);
    let broken: Error | undefined;
    // A connection lost while checked out and between queries (a server restart) is reported as an
    // 'error' event, which would crash the process unheard; the next query fails and says so.
    const onLost = (error: Error) => (broken = error);
    client.on('error', onLost);
    const autocommit = mode === 'statement';
    try {
      if (!autocommit) await client.query(this.readonly ? 'BEGIN READ ONLY' : BEGIN[mode]);
      const result = await fn(db);
      db.end();
      if (!autocommit) await client.query('COMMIT');
      return result;
    } catch (error) {
      db.end();
      try {
        if (!autocommit) await client.query('ROLLBACK');
      } catch (rollbackError) {
        // the connection is gone: the pool must not hand it out again
        broken = rollbackError as Error;
      }
      throw translate(error, this.location);
    } finally {
      client.off('error', onLost);
      client.release(broken);
    }
  }

  private run<R>(access: Access, fn: (db: Db) => Promise<R>): Promise<R> {
    try {
      this.refuseInsideOwnTransaction();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.withTransaction(access, fn);
  }

  /**
   * Single statements, each its own transaction (no BEGIN … COMMIT round trips): for calls whose
   * every statement is atomic on its own. A read-only store keeps its read-only transaction.
   */
  private statements<R>(fn: (db: Db) => Promise<R>): Promise<R> {
    try {
      this.refuseInsideOwnTransaction();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.withTransaction(this.readonly ? 'write' : 'statement', fn);
  }

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    this.refuseInsideOwnTransaction();
    const state = { store: this, active: true };
    try {
      return await this.withTransaction('transaction', (db) =>
        inTransaction.run(state, () => fn(this.bound(db))),
      );
    } finally {
      state.active = false;
    }
  }

  /** A transaction whose callback also sees its connection (the fenced commit of distributed mode). */
  private async transactionWithDb<T>(fn: (db: Db, tx: StoreTx) => Promise<T>): Promise<T> {
    this.refuseInsideOwnTransaction();
    const state = { store: this, active: true };
    try {
      return await this.withTransaction('transaction', (db) =>
        inTransaction.run(state, () => fn(db, this.bound(db))),
      );
    } finally {
      state.active = false;
    }
  }

  prune(p: { olderThan: Date }): Promise<PruneResult> {
    this.refuseInsideOwnTransaction();
    return prune((fn) => this.run('write', fn), p.olderThan.getTime());
  }

  checkInvariants(): Promise<string[]> {
    return this.run('read', (db) => checkInvariants(db));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  /** A connection, for tests and tools that inspect the database (row counts): see inspectPostgres. */
  async withConnection<T>(fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    this.refuseInsideOwnTransaction();
    const client = await this.pool.connect();
    let broken: Error | undefined;
    const onLost = (error: Error) => (broken = error);
    client.on('error', onLost);
    try {
      return await fn(client);
    } finally {
      client.off('error', onLost);
      client.release(broken);
    }
  }
}

function logIdOf(log: EventLog): string {
  if (!(log instanceof PgEventLog)) throw new StoreError('invalid', 'not an event log of this store');
  if (log.closed) throw new StoreError('invalid', 'the event log of this detection run is closed');
  return log.id;
}

export type { DetectionRepository };
