import { AsyncLocalStorage } from 'node:async_hooks';
import type Database from 'better-sqlite3';
import {
  CONSOLE,
  DETECTION,
  FINDINGS,
  LOCKS,
  MUTES,
  OUTBOX,
  RESOURCES,
  RULES,
  SCANS,
  SIGNALS,
  SUPPRESSIONS,
} from '../access.js';
import { StoreError } from '../errors.js';
import type { PruneResult } from '../model.js';
import type {
  ConsoleRepository,
  DetectionRepository,
  EventLog,
  FindingsRepository,
  LocksRepository,
  MutesRepository,
  OutboxRepository,
  Repositories,
  ResourcesRepository,
  RulesRepository,
  ScansRepository,
  SignalsRepository,
  Store,
  SuppressionsRepository,
  StoreTx,
} from '../store.js';
import { SqliteConsole } from './console.js';
import { SqliteContext } from './context.js';
import { SqliteDetection } from './detection.js';
import { bind, type Access, type Runner } from './facade.js';
import { SqliteFindings } from './findings.js';
import { SqliteLocks } from './locks.js';
import { drainFindingSearch } from './finding-search.js';
import { checkInvariants, pruneBatch, pruneBatchSize, pruneSteps } from './maintenance.js';
import { Mutex } from './mutex.js';
import { SqliteMutes } from './mutes.js';
import { openDatabase, translate, type SqliteOptions } from './open.js';
import { SqliteOutbox } from './outbox.js';
import { SqliteResources } from './resources.js';
import { SqliteRules, SqliteScans } from './scans.js';
import { SqliteSignals, SqliteSuppressions } from './signals.js';

/** The transaction the current async context runs in (to refuse a call on the store inside its own transaction). */
const inTransaction = new AsyncLocalStorage<{ store: SqliteStore; active: boolean }>();

/** The synchronous repositories over one connection. */
interface Impl {
  rules: SqliteRules;
  scans: SqliteScans;
  resources: SqliteResources;
  findings: SqliteFindings;
  mutes: SqliteMutes;
  signals: SqliteSignals;
  suppressions: SqliteSuppressions;
  outbox: SqliteOutbox;
  detection: SqliteDetection;
  locks: SqliteLocks;
  console: SqliteConsole;
}

/**
 * The SQLite store: one better-sqlite3 connection, every operation serialised by a mutex (a
 * transaction spans awaits; nothing else may run on the connection meanwhile). A call on the
 * store runs in its own transaction (IMMEDIATE for writes, so a writer waits for the write lock
 * up front instead of failing on a lock upgrade); `transaction()` holds one IMMEDIATE transaction
 * for the whole callback.
 */
export class SqliteStore implements Store {
  readonly rules: RulesRepository;
  readonly scans: ScansRepository;
  readonly resources: ResourcesRepository;
  readonly findings: FindingsRepository;
  readonly mutes: MutesRepository;
  readonly signals: SignalsRepository;
  readonly suppressions: SuppressionsRepository;
  readonly outbox: OutboxRepository;
  readonly detection: DetectionRepository;
  readonly locks: LocksRepository;
  readonly console: ConsoleRepository;
  readonly upgradeNotices: readonly string[];
  readonly outdated: boolean;

  private readonly ctx: SqliteContext;
  private readonly impl: Impl;
  private readonly mutex = new Mutex();
  private closed = false;
  private readonly begin: { read: Database.Statement; write: Database.Statement };
  private readonly commit: Database.Statement;
  private readonly rollback: Database.Statement;

  private constructor(
    readonly location: string,
    opened: ReturnType<typeof openDatabase>,
  ) {
    this.upgradeNotices = opened.upgradeNotices;
    this.outdated = opened.outdated;
    const db = opened.db;
    this.ctx = new SqliteContext(db, location);
    this.begin = { read: db.prepare('BEGIN'), write: db.prepare('BEGIN IMMEDIATE') };
    this.commit = db.prepare('COMMIT');
    this.rollback = db.prepare('ROLLBACK');
    this.impl = {
      rules: new SqliteRules(this.ctx),
      scans: new SqliteScans(this.ctx),
      resources: new SqliteResources(this.ctx),
      findings: new SqliteFindings(this.ctx),
      mutes: new SqliteMutes(this.ctx),
      signals: new SqliteSignals(this.ctx),
      suppressions: new SqliteSuppressions(this.ctx),
      outbox: new SqliteOutbox(this.ctx),
      detection: new SqliteDetection(this.ctx),
      locks: new SqliteLocks(this.ctx),
      console: new SqliteConsole(this.ctx),
    };
    const repositories = this.repositories((access, call) => this.run(access, call));
    this.rules = repositories.rules;
    this.scans = repositories.scans;
    this.resources = repositories.resources;
    this.findings = repositories.findings;
    this.mutes = repositories.mutes;
    this.signals = repositories.signals;
    this.suppressions = repositories.suppressions;
    this.outbox = repositories.outbox;
    this.detection = repositories.detection;
    this.locks = repositories.locks;
    this.console = repositories.console;
  }

  static open(path: string, opts: SqliteOptions = {}): SqliteStore {
    return new SqliteStore(path, openDatabase(path, opts));
  }

  private repositories(run: Runner): Repositories {
    const { impl } = this;
    const detection = impl.detection;
    const storeRun: Runner = (access, call) => this.run(access, call);
    return {
      rules: bind<RulesRepository>(impl.rules, RULES, run),
      scans: bind<ScansRepository>(impl.scans, SCANS, run),
      resources: bind<ResourcesRepository>(impl.resources, RESOURCES, run),
      findings: bind<FindingsRepository>(impl.findings, FINDINGS, run),
      mutes: bind<MutesRepository>(impl.mutes, MUTES, run),
      signals: bind<SignalsRepository>(impl.signals, SIGNALS, run),
      suppressions: bind<SuppressionsRepository>(impl.suppressions, SUPPRESSIONS, run),
      outbox: bind<OutboxRepository>(impl.outbox, OUTBOX, run),
      detection: {
        ...bind<Omit<DetectionRepository, 'startEventLog' | 'commitEventLog'>>(detection, DETECTION, run),
        startEventLog: async (): Promise<EventLog> => {
          await run('read', () => detection.resetEventLog());
          // The log is read between transactions, while the input is: through the store, never a transaction.
          let closed = false;
          return {
            check: (ids) =>
              closed
                ? Promise.reject(new StoreError('invalid', 'the event log of this detection run is closed'))
                : storeRun('read', () => detection.checkEvents(ids)),
            close: () => {
              if (closed) return Promise.resolve();
              closed = true;
              return storeRun('read', () => detection.clearEventLog());
            },
          };
        },
        commitEventLog: (_log, p) => run('write', () => detection.commitEventLog(p)),
      },
      locks: bind<LocksRepository>(impl.locks, LOCKS, run),
      // search (and a findings list that searches) first indexes the finding messages written
      // since the last one (finding-search.ts); a findings list without a search only reads
      console: {
        ...bind<ConsoleRepository>(impl.console, { ...CONSOLE, search: 'write' }, run),
        findings: (q) => run(q.search !== undefined ? 'write' : 'read', () => impl.console.findings(q)),
      },
    };
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

  /** One call in its own transaction, after every earlier operation on this connection. */
  private run<R>(access: Access, call: () => R): Promise<R> {
    try {
      this.refuseInsideOwnTransaction();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.mutex.run(() => {
      try {
        this.begin[access].run();
        try {
          const result = call();
          this.commit.run();
          return result;
        } catch (error) {
          this.rollBack();
          throw error;
        }
      } catch (error) {
        translate(error, this.location);
      }
    });
  }

  private rollBack(): void {
    if (this.ctx.db.inTransaction) this.rollback.run();
    this.ctx.rules.clear();
  }

  async transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T> {
    this.refuseInsideOwnTransaction();
    return this.mutex.run(async () => {
      const state = { store: this, active: true };
      const run: Runner = <R>(_access: Access, call: () => R): Promise<R> => {
        if (!state.active)
          return Promise.reject(new StoreError('invalid', 'a transaction was used after it ended'));
        try {
          return Promise.resolve(call());
        } catch (error) {
          try {
            translate(error, this.location);
          } catch (translated) {
            return Promise.reject(translated as Error);
          }
        }
      };
      try {
        this.begin.write.run();
      } catch (error) {
        translate(error, this.location);
      }
      try {
        const result = await inTransaction.run(state, () => fn(this.repositories(run)));
        state.active = false;
        this.commit.run();
        return result;
      } catch (error) {
        state.active = false;
        this.rollBack();
        translate(error, this.location);
      }
    });
  }

  async prune(p: { olderThan: Date }): Promise<PruneResult> {
    const result: PruneResult = {
      findingHistory: 0,
      resourceVersions: 0,
      configBlobs: 0,
      resources: 0,
      scopeRuns: 0,
      scans: 0,
      trendDaily: 0,
      signals: 0,
      outbox: 0,
    };
    const steps = await this.run('read', () => pruneSteps(this.ctx, p.olderThan.getTime()));
    for (const [name, sql, params] of steps) {
      for (;;) {
        const n = await this.run('write', () => pruneBatch(this.ctx, sql, params));
        result[name] += n;
        if (n < pruneBatchSize) break;
      }
    }
    await this.run('write', () => drainFindingSearch(this.ctx));
    return result;
  }

  checkInvariants(): Promise<string[]> {
    return this.run('read', () => checkInvariants(this.ctx));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.mutex.run(() => {
      if (this.closed) return;
      this.closed = true;
      this.ctx.db.close();
    });
  }

  /** The connection, for tests and tools that inspect the file: see inspectSqlite. */
  withConnection<T>(fn: (db: Database.Database) => T): Promise<T> {
    try {
      this.refuseInsideOwnTransaction();
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.mutex.run(() => fn(this.ctx.db));
  }
}
