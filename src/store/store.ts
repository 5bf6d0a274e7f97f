/**
 * The store interface: everything Stance keeps (scans and scope runs, resources with
 * content-addressed configuration versions, current findings and their status intervals, rollups,
 * mutes, detection signals and state, the alert outbox, the daemon lock) behind repositories, one
 * per concern. Backends implement it (SQLite in ./sqlite/; PostgreSQL next); nothing outside
 * src/store sees SQL or a database client, and `openStore(location)` (./index.ts) picks the backend.
 *
 * - Every method is asynchronous. A method called on the store itself is atomic on its own (one
 *   transaction). Several writes that must commit together go through
 *   `store.transaction(async (tx) => …)`: `tx` has the same repositories, bound to that
 *   transaction (a write transaction: it holds the database's write lock until `fn` settles, so
 *   keep it short and never use `store` itself inside it). Rejecting rolls everything back.
 * - Times are passed in by the caller (scan clocks, event times); the store never reads the wall
 *   clock for data. Keys are surrogate numbers (scan ids, signal ids, mute ids); resources are
 *   named by their id (and definition, for manifests defining one object in several files).
 * - A scope run (scans.recordScopeRun) writes only what changed: new, changed and deleted
 *   resources, configuration versions when the config hash changes, and a status interval only when
 *   a status changes; its returned transitions say what changed and why. The diff itself is
 *   backend-neutral (./core/scope-run.ts): a backend loads the scope's current state, asks the core
 *   for the change set and applies it.
 * - "As of" answers are coverage-aware (./core/as-of.ts): a scope not observed shortly before the
 *   instant reads `error`, never a stale pass or fail.
 * - Errors are StoreError (./errors.ts) with a one-line message: locked, corrupt, foreign, newer,
 *   readonly, missing, invalid.
 */
import type { EvalStatus, RuleMeta, ScopeRef } from '../types.js';
import type {
  AlertGroup,
  ApiToken,
  AuditEntry,
  ConsoleFindingsPage,
  ConsoleFindingsQuery,
  ConsoleSession,
  FailingOf,
  PostureAt,
  RuleCounts,
  ScopeParts,
  ScopedFailure,
  NewApiToken,
  NewAuditEntry,
  NewConsoleSession,
  PostureChanges,
  SearchHits,
  AsOfResult,
  Checkpoint,
  FindingBrief,
  FindingFilter,
  FailingFinding,
  FindingRow,
  LockRecord,
  RuleStatusCount,
  Mute,
  NewMute,
  NewSignal,
  LatestSignal,
  NewSuppression,
  OutboxMessage,
  OutboxRow,
  OutboxStatus,
  PruneResult,
  ResourceDetail,
  ResourceAt,
  ResourceName,
  ResourceRow,
  ScanRow,
  ScopeDelta,
  ScopeRunInput,
  ScopeRunSummary,
  ReusedEvaluations,
  UnchangedScopeRun,
  ScopeRunResult,
  ScopeState,
  SevereFailure,
  Signal,
  SignalDayCount,
  SignalFilter,
  SignalGroupKey,
  SignalStateRequest,
  SignalUpdate,
  Suppression,
  SuppressionHits,
  TaggedResource,
  TrendRow,
} from './model.js';

/** How long a scope's last successful run counts as evidence for "as of" (the default staleness window). */
export const DEFAULT_STALE_AFTER_MS = 48 * 3600 * 1000;

export interface Store extends Repositories {
  /** Where the data lives, as messages show it (a file path, or a URL reduced to scheme and host). */
  readonly location: string;
  /** True when the database predates this Stance's schema: only a read-only open leaves it so. */
  readonly outdated: boolean;
  /** One line each from the data migrations this open ran (what an upgrade removed), for the user. */
  readonly upgradeNotices: readonly string[];
  /** Runs `fn` in one write transaction and commits what it wrote through `tx`, or nothing if it rejects. */
  transaction<T>(fn: (tx: StoreTx) => Promise<T>): Promise<T>;
  /** Deletes closed history, versions, runs, signals and delivered messages older than the cutoff, in batches. */
  prune(p: { olderThan: Date }): Promise<PruneResult>;
  /** Consistency problems, empty when the store is sound (crash-safety tests, `stance db check`). */
  checkInvariants(): Promise<string[]>;
  /**
   * Coordination of several daemons on this database (docs/scale-out.md, "The scheduler"):
   * PostgreSQL only; absent on SQLite, where one daemon holds the database.
   */
  readonly scheduling?: ScheduleCoordination;
  close(): Promise<void>;
  /** Job leases, account limits and the fenced commit: PostgreSQL stores only (distributed mode). */
  readonly distributed?: DistributedStore;
}

/** The repositories, on the store (each call atomic) or on a transaction (`tx`). */
export interface Repositories {
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
}

/** The repositories bound to one transaction; valid only until `fn` settles. */
export type StoreTx = Repositories;

export interface RulesRepository {
  /** Records the rule manifest (ids, severities, titles); evaluations may name only known rules. */
  sync(rules: readonly RuleMeta[]): Promise<void>;
}

export interface ScansRepository {
  begin(p: { startedAt: Date; bundleVersion: string; command: string }): Promise<number>;
  finish(scanId: number, p: { finishedAt: Date; status: 'ok' | 'partial' | 'failed' }): Promise<void>;
  /**
   * Records one scope's run and returns the status changes it caused. A successful run is the
   * scope's complete listing: resources it no longer lists are deleted. An errored run changes no
   * finding. Listed resources named in `input.kept` are left as stored, findings unread
   * (ScopeInput.kept); the result then carries the scope's summary as the store counted it.
   */
  recordScopeRun(scanId: number, scope: ScopeRef, run: ScopeRunInput): Promise<ScopeRunResult>;
  /**
   * Records a successful run of a scope from the same input as the run that set its current state
   * (the input digest kept by recordScopeRun, valid only while nothing else changed the scope),
   * without its resources or evaluations: one scope-run row. Returns the kept summary, or undefined
   * (nothing written) when the digest does not match: the caller evaluates and calls recordScopeRun.
   */
  recordUnchangedScopeRun(
    scanId: number,
    scope: ScopeRef,
    run: UnchangedScopeRun,
  ): Promise<{ result: ScopeRunResult; summary: ScopeRunSummary } | undefined>;
  /**
   * For a scope's live resources whose kept input hash equals the given one (by identity), their
   * current findings as evaluations: what evaluating them again would give. (A scan does not
   * read them: it names such resources in ScopeInput.kept and the store leaves them as they are.)
   */
  reusableEvaluations(scopeKey: string, hashes: ReadonlyMap<string, string>): Promise<ReusedEvaluations>;
  /**
   * The identities (id NUL definition) of a scope's live resources whose kept input hash equals the
   * given one: which resources reusableEvaluations would cover, without reading their findings.
   */
  unchangedResources(scopeKey: string, hashes: ReadonlyMap<string, string>): Promise<Set<string>>;
  /** Each scope's kept input digest (only while it still describes the scope's state), by scope key. */
  inputDigests(scopeKeys: readonly string[]): Promise<Map<string, string>>;
  /** Records a partial listing of one scope (see ScopeDelta); every other resource keeps its state. */
  recordScopeDelta(scanId: number, scope: ScopeRef, delta: ScopeDelta): Promise<ScopeRunResult>;
  /** The latest scans first. */
  list(limit?: number): Promise<ScanRow[]>;
  last(): Promise<ScanRow | undefined>;
  /** When the latest scan of this command started. */
  lastStarted(command: string): Promise<Date | undefined>;
  /** When the latest scan of this command that finished ok or partial finished. */
  lastSucceeded(command: string): Promise<Date | undefined>;
  /** Per scope: its last run at or before `at` (default: the latest) and its last successful run. */
  scopeStates(at?: Date): Promise<ScopeState[]>;
}

export interface ResourcesRepository {
  list(f?: { type?: string; includeDeleted?: boolean }): Promise<ResourceRow[]>;
  /** One resource with its configuration, findings and history; its first definition when it has several. */
  get(resourceId: string): Promise<ResourceDetail | undefined>;
  /** Every definition stored under an id, live ones first, then by definition. */
  definitions(resourceId: string): Promise<ResourceDetail[]>;
  /** The configuration a resource had at a past instant, if it existed then. */
  configAt(resourceId: string, at: Date): Promise<unknown>;
  /**
   * The resources of a type that existed at an instant (a version of them was current then), with
   * the scope that lists them: which Nodes a cluster had, say, when a report is asked for a date.
   */
  existedAt(at: Date, type: string): Promise<ResourceAt[]>;
  /** Resources (deleted ones too) whose stored tags contain this text. */
  withTagText(text: string): Promise<TaggedResource[]>;
  /** Which of these ids are stored (live or deleted). */
  existing(resourceIds: readonly string[]): Promise<Set<string>>;
  /** For each key, the id of a live resource with that type, account and name (undefined: none). */
  liveIdsByName(keys: readonly ResourceName[]): Promise<(string | undefined)[]>;
}

export interface FindingsRepository {
  /** Current findings of live resources, by resource id then rule id. */
  current(f?: FindingFilter): Promise<FindingRow[]>;
  /** The state at `at`: see ./core/as-of.ts. */
  asOf(at: Date, opts?: { staleAfterMs?: number }): Promise<AsOfResult>;
  /** Daily pass/fail/error counts per rule and account, carried forward over days without changes. */
  trend(from: Date, to: Date): Promise<TrendRow[]>;
  /** Current failing findings of live resources, lean (FailingFinding), by resource id then rule id. */
  failing(): Promise<FailingFinding[]>;
  /**
   * Visits every current finding of live resources, in no particular order, without holding them
   * all at once (for tallies over a large store; `current` builds full rows).
   */
  forEachCurrent(
    visit: (f: FindingBrief) => void,
    only?: { statuses?: readonly EvalStatus[] },
  ): Promise<void>;
  /**
   * Per rule and status, how many current findings these live resources (by resource id) have:
   * a tally of a scan's findings without visiting each of them.
   */
  countsByRule(resourceIds: Iterable<string>): Promise<RuleStatusCount[]>;
  /** Current findings per status (statuses with none are left out). */
  countByStatus(): Promise<{ status: EvalStatus; count: number }[]>;
  /** Per live resource among these ids: its failing findings of high or critical severity, by rule id. */
  severeFailures(resourceIds: readonly string[]): Promise<Map<string, SevereFailure[]>>;
}

export interface MutesRepository {
  add(mute: NewMute): Promise<number>;
  /** Mutes in force at `at` (default now), or every mute with `includeExpired`. */
  list(opts?: { at?: Date; includeExpired?: boolean }): Promise<Mute[]>;
  remove(id: number): Promise<boolean>;
}

export interface SignalsRepository {
  /** The latest seen first, each with its state history. */
  list(f?: SignalFilter): Promise<Signal[]>;
  /** One signal with its history; undefined when there is no such signal. */
  get(id: number): Promise<Signal | undefined>;
  /**
   * Sets a signal's state (recorded in its history with who, when and the note); closing sets
   * `closedAt`, activating clears it. Setting the state it has without a note changes nothing.
   * Undefined when there is no such signal.
   */
  setState(id: number, change: SignalStateRequest): Promise<Signal | undefined>;
  /** Signals and their events per rule and UTC day of first sighting, oldest day first. */
  dailyCounts(f?: Pick<SignalFilter, 'since' | 'until' | 'ruleId'>): Promise<SignalDayCount[]>;
  /** The latest signal (any state) of each (rule, group) that has one. */
  latest(keys: readonly SignalGroupKey[]): Promise<LatestSignal[]>;
  insert(signals: readonly NewSignal[]): Promise<Signal[]>;
  /**
   * Updates signals whose state is still the one the run read (see SignalUpdate.expectStatus),
   * reopening those with `reopen`; returns the ids not updated (state changed or removed).
   */
  update(signals: readonly SignalUpdate[]): Promise<number[]>;
}

export interface SuppressionsRepository {
  add(s: NewSuppression): Promise<number>;
  /** Suppressions in force at `at` (not removed, not expired; default now), or all with `includeInactive`. */
  list(opts?: { at?: Date; includeInactive?: boolean }): Promise<Suppression[]>;
  /** Removes a suppression (kept, marked removed by whom and when); false when none is in place with that id. */
  remove(id: number, p: { at: Date; by: string | null }): Promise<boolean>;
  /** Adds the events a detection run suppressed to each suppression's count. */
  recordHits(hits: readonly SuppressionHits[]): Promise<void>;
}

export interface OutboxRepository {
  /**
   * Queues messages for delivery, each under its own delivery id or a fresh one; a message whose
   * delivery id is already queued is skipped. Returns how many were queued.
   */
  enqueue(messages: readonly OutboxMessage[], at: Date): Promise<number>;
  /** Undelivered messages not given up, due at `at` (any time when undefined), oldest first. */
  due(at: Date | undefined, limit: number): Promise<OutboxRow[]>;
  /**
   * Due messages taken for sending by this process: on PostgreSQL, rows another process is
   * claiming are skipped (`FOR UPDATE SKIP LOCKED`) and a claimed row is not due again for
   * `leaseMs` (its sender died: re-sent after that, same delivery id). SQLite has one writer
   * process: the same rows as `due`. Only rows with an id above `afterId`, by id.
   */
  claim(at: Date | undefined, limit: number, leaseMs: number, afterId?: number): Promise<OutboxRow[]>;
  markDelivered(id: number, at: Date): Promise<void>;
  markRetry(id: number, p: { attempts: number; nextAttemptAt: Date; error: string }): Promise<void>;
  /** Gives a message up; `channel` replaces its channel key (a key that must not be kept). */
  markFailed(id: number, p: { attempts?: number; at: Date; error: string; channel?: string }): Promise<void>;
  status(): Promise<OutboxStatus>;
  /** Queues alert items (JSON text) of a scan for routes, to be grouped when the scan finishes. */
  queueAlertItems(scanId: number, items: readonly { route: string; item: string }[], at: Date): Promise<void>;
  /** Scans and routes with queued items, for scans finished (or run by this process, `ownPid`). */
  alertGroups(ownPid: number): Promise<AlertGroup[]>;
  /** Removes and returns the queued items of one group, in queueing order. */
  takeAlertItems(group: AlertGroup): Promise<string[]>;
  /** Channel keys of pending messages and queued items that may be legacy keys (see notify/channels.ts). */
  pendingChannelKeys(): Promise<string[]>;
  /** Moves pending messages and queued items from one channel key to another. */
  rekey(from: string, to: string): Promise<void>;
  /** The episode last alerted under a key (stale-target alerts), if any. */
  lastAlerted(key: string): Promise<string | undefined>;
  setLastAlerted(key: string, episode: string, at: Date): Promise<void>;
}

/** The ids of the events a detection run has read, kept apart until the run commits. */
export interface EventLog {
  /**
   * For each id (undefined: no check needed, counts as new), whether it is new to the store and to
   * this run; records the ids as read.
   */
  check(ids: readonly (string | undefined)[]): Promise<boolean[]>;
  /** Forgets the ids read (after the run committed or failed). */
  close(): Promise<void>;
}

export interface DetectionRepository {
  /** Rule state (windows, learned values, baselines, the watermark) under these keys, as stored JSON values. */
  readState(keys: readonly string[]): Promise<Map<string, unknown>>;
  writeState(entries: readonly (readonly [string, unknown])[], at: number): Promise<void>;
  /** Starts a run's event log (one at a time per store). */
  startEventLog(): Promise<EventLog>;
  /**
   * Commits the ids of the log: new ones are kept until `watermark` passes them by the
   * de-duplication window, ones read before are kept longer; ids older than `forgetBefore` go.
   */
  commitEventLog(log: EventLog, p: { watermark: number; forgetBefore: number }): Promise<void>;
  checkpoints(source: string): Promise<Checkpoint[]>;
  /** Replaces these checkpoints of a source and drops the source's ones last modified before `pruneBefore`. */
  saveCheckpoints(source: string, rows: readonly Checkpoint[], pruneBefore?: number): Promise<void>;
  /** Moves checkpoints forward only: each time is the later of the stored and the given one. */
  advanceCheckpoints(source: string, rows: readonly Checkpoint[]): Promise<void>;
}

export interface LocksRepository {
  get(name: string): Promise<LockRecord | undefined>;
  put(name: string, holder: string, at: Date): Promise<void>;
  /** Refreshes the heartbeat if `holder` still holds the lock. */
  refresh(name: string, holder: string, at: Date): Promise<boolean>;
  release(name: string, holder: string): Promise<boolean>;
}

/**
 * Leadership among processes sharing a database (PostgreSQL): held by one process at a time, lost
 * with the process or its connection.
 */
export interface LeaderLock {
  /** Whether this process leads (as far as it knows: see confirm). */
  readonly held: boolean;
  /** Tries to lead; true when this process leads now (a leader re-confirms). */
  tryAcquire(): Promise<boolean>;
  /** Whether this process still leads: its session answers and holds the lock. False once lost. */
  confirm(): Promise<boolean>;
  release(): Promise<void>;
}

/** Several `stance daemon`s on one database (PostgreSQL only): one leader, one run per schedule tick. */
export interface ScheduleCoordination {
  leader(name: string): LeaderLock;
  /** Claims the tick (schedule, due time) for `holder`; false when it was claimed already. */
  claimTick(schedule: string, due: Date, holder: string, at: Date): Promise<boolean>;
  /** Links a claimed tick to the scan it started. */
  tickStarted(schedule: string, due: Date, scanId: number): Promise<void>;
  /** The due time of the latest tick claimed for the schedule. */
  lastTick(schedule: string): Promise<Date | undefined>;
  /** The ticks claimed for the schedule, oldest first. */
  ticks(schedule: string): Promise<{ due: Date; claimedBy: string; scanId: number | null }[]>;
}

/**
 * Distributed mode (docs/scale-out.md), PostgreSQL only: a store that has it exposes
 * `store.distributed`; SQLite stores do not. Times that decide who holds what are the database's.
 */
export interface DistributedStore {
  /**
   * Records a planned scan (running until its last job commits) and, in the same transaction, the
   * jobs `send` enqueues for it on the transaction's connection (`sql`): the scan and its jobs
   * exist together or not at all. A scan with no job is finished at once.
   */
  planScan(
    p: { startedAt: Date; bundleVersion: string; command: string },
    send: (scanId: number, sql: QueueSql) => Promise<readonly PlannedJobRow[]>,
  ): Promise<number>;
  /**
   * planScan for a schedule's tick: the claim of (schedule, due time) is written in the same
   * transaction as the scan and its jobs, so a tick is claimed exactly when its run is enqueued (a
   * planner that dies in between leaves neither). Undefined, with nothing written, when another
   * planner claimed the tick (it waits for that planner's transaction to end).
   */
  planScheduledScan(
    p: { startedAt: Date; bundleVersion: string; command: string; tick: ScheduleTick },
    send: (scanId: number, sql: QueueSql) => Promise<readonly PlannedJobRow[]>,
  ): Promise<number | undefined>;
  /** A lease on a job key: a fresh token when nobody holds a live one, else undefined. */
  takeLease(p: { key: string; holder: string; jobId: string; ttlMs: number }): Promise<string | undefined>;
  /** Extends a lease still held with this token; false when it expired or was taken over. */
  renewLease(key: string, token: string, ttlMs: number): Promise<boolean>;
  releaseLease(key: string, token: string): Promise<boolean>;
  /** Takes a free (or expired) slot of the account's `limit`; undefined when all are held. */
  takeSlot(p: { account: string; limit: number; holder: string; ttlMs: number }): Promise<number | undefined>;
  renewSlot(account: string, slot: number, holder: string, ttlMs: number): Promise<boolean>;
  releaseSlot(account: string, slot: number, holder: string): Promise<boolean>;
  /**
   * Takes `n` tokens from the (account, service) bucket (capacity `burst`, refilled at
   * `perSecond`): 0 when taken, else the milliseconds to wait before enough are there.
   */
  takeTokens(p: {
    account: string;
    service: string;
    n: number;
    perSecond: number;
    burst: number;
  }): Promise<number>;
  /**
   * The fenced commit of one job: in one transaction, checks the lease (key, token) is live and
   * row-locks it; refuses a second commit of the job's scopes in its scan and a straggler (a scope
   * already recorded by a later scan); runs `fn` with the transaction's repositories; runs
   * `complete` with the transaction's connection (the queue's completion joins the commit);
   * releases the lease; marks the job done and finishes the scan when it was its last job.
   * `lost`: the lease expired or was taken over, nothing was written (the queue's job is not
   * completed). `duplicate`/`stale`: nothing of the result was written, the job is completed.
   */
  fencedCommit<T>(
    fence: { key: string; token: string; scanId: number; scopes: readonly string[] },
    fn: (tx: StoreTx) => Promise<T>,
    complete: (sql: QueueSql) => Promise<void>,
  ): Promise<FencedCommit<T>>;
  /** Planned scans' jobs, for `stance jobs` (latest scans first). */
  scanJobs(limit?: number): Promise<ScanJobRow[]>;
  /**
   * Jobs of the queue library's tables (pg-boss, in schema `schema` of this database) in queues
   * named `<prefix>.…`, newest first: what `stance jobs` lists (pg-boss 10 has no listing call).
   */
  queueJobs(p: {
    schema: string;
    prefix: string;
    states: readonly string[];
    limit: number;
    id?: string;
  }): Promise<QueueJobRow[]>;
  /** Ids of the jobs of `queue` (in `schema`) whose payload equals `data` (a dead letter's original, or its copies). */
  queueJobsWithData(p: {
    schema: string;
    queues: readonly string[];
    data: unknown;
    states: readonly string[];
  }): Promise<QueueJobRow[]>;
  /**
   * Dead letters (jobs of the dead-letter `queue` in `schema`, not yet taken) whose payload names a
   * scan that still waits for a job: the ones settleDeadJob has not settled yet, oldest first.
   */
  unsettledDeadJobs(p: { schema: string; queue: string; limit: number }): Promise<QueueJobRow[]>;
  /**
   * A job that used up its attempts: in one transaction, marks its `scan_jobs` row done (outcome
   * `dead`), records each of `scopes` as an errored scope run of the scan (not one already recorded
   * in it, nor one a later scan recorded), and finishes the scan when it was the last job (never
   * `ok`: a dead job means something was not observed). Nothing happens when the job is not waited
   * for any more (settled, or an attempt committed).
   */
  settleDeadJob(p: {
    scanId: number;
    key: string;
    scopes: readonly ScopeRef[];
    error: string;
    at: Date;
  }): Promise<{ settled: boolean; scopes: number; scanFinished: boolean }>;
}

export interface QueueJobRow {
  id: string;
  queue: string;
  state: string;
  retryCount: number;
  retryLimit: number;
  createdOn: Date;
  startedOn: Date | null;
  completedOn: Date | null;
  startAfter: Date;
  singletonKey: string | null;
  data: unknown;
  output: unknown;
}

/** A connection a queue library runs its statements on (pg-boss's `db` option). */
export interface QueueSql {
  executeSql(text: string, values: unknown[]): Promise<{ rows: unknown[] }>;
}

export type FencedCommit<T> =
  | { outcome: 'committed'; result: T; scanFinished: boolean }
  | { outcome: 'duplicate' | 'stale' | 'lost'; reason: string };

export interface ScheduleTick {
  schedule: string;
  /** The cron slot (before jitter): every daemon computes the same one. */
  due: Date;
  holder: string;
  at: Date;
}

export interface PlannedJobRow {
  key: string;
  queue: string;
  /** The queue's id; null when the queue already held an identical waiting job. */
  jobId: string | null;
}

export interface ScanJobRow {
  scanId: number;
  key: string;
  queue: string;
  jobId: string | null;
  state: 'queued' | 'done';
  outcome: 'committed' | 'duplicate' | 'stale' | 'dead' | null;
}

/** What the web console keeps and asks: API tokens, login sessions, the audit of writes, search, changes. */
export interface ConsoleRepository {
  /** Fail intervals that began in [from, to), and fail intervals that ended in it with the finding passing next. */
  changes(from: Date, to: Date): Promise<PostureChanges>;
  /**
   * A cheap fingerprint of what the console shows: it changes with every scope run, scan, rule
   * sync, mute, signal and signal state change (a cache of computed pages is valid while it is equal).
   */
  dataVersion(): Promise<string>;
  /**
   * Live resources whose id or name contains `text`, and current findings of live resources whose
   * message does (case-insensitive, at least 3 characters), through an index (SQLite FTS5 trigram,
   * PostgreSQL pg_trgm).
   */
  search(text: string): Promise<SearchHits>;
  /**
   * One page of current findings of live resources with its total, filtered, searched (through the
   * search index), sorted and paged by the database. The rows equal FindingsRepository.current's
   * for the filters both have.
   */
  findings(q: ConsoleFindingsQuery): Promise<ConsoleFindingsPage>;
  /**
   * Current findings of live resources counted by rule (with its severity) and status: from the current_counts rollup
   * (kept by every scope run), or, for the given scopes only, counted per scope from the findings.
   */
  ruleCounts(scopeKeys?: readonly string[]): Promise<RuleCounts[]>;
  /** Current failing findings of live resources, with their scope: all, or those of the rules and resources asked for. */
  failing(of?: FailingOf): Promise<ScopedFailure[]>;
  /**
   * The state at `at` as FindingsRepository.asOf reads it (the same scopes, staleness window and
   * statuses: ./core/as-of.ts), counted per rule (per scope and rule for the scopes not observed
   * then and those `apart` picks), with the findings failing then: what every framework's score as
   * of `at` needs, without listing every finding.
   */
  postureAt(
    at: Date,
    opts?: { staleAfterMs?: number; apart?: (scope: ScopeParts) => boolean; failingOf?: FailingOf },
  ): Promise<PostureAt>;
  addToken(token: NewApiToken): Promise<number>;
  /** Every token, revoked ones too, by id. */
  tokens(): Promise<ApiToken[]>;
  /** The token with this hash that is not revoked. */
  tokenByHash(hash: string): Promise<ApiToken | undefined>;
  /** Revokes a token by id or name and ends its sessions; false when no unrevoked token has it. */
  revokeToken(idOrName: number | string, p: { at: Date; by: string | null }): Promise<boolean>;
  touchToken(id: number, at: Date): Promise<void>;
  addSession(session: NewConsoleSession): Promise<void>;
  /** The session with this id hash, unexpired at `at`, whose token is not revoked. */
  session(idHash: string, at: Date): Promise<ConsoleSession | undefined>;
  endSession(idHash: string): Promise<void>;
  addAudit(entry: NewAuditEntry): Promise<number>;
  /** The latest first. */
  audit(f?: { limit?: number; since?: Date; actor?: string; action?: string }): Promise<AuditEntry[]>;
}
