import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import type { EvalStatus, Evaluation, Resource, RuleMeta, ScopeRef } from '../types.js';
import { definitionOf, SEVERITIES } from '../types.js';
import { canonicalJson, contentHash } from './canonical.js';
import { StoreError } from './errors.js';
import { MIGRATIONS } from './migrations/index.js';
import type {
  AsOfFinding,
  AsOfResult,
  FindingFilter,
  FindingRow,
  HistoryRow,
  PruneResult,
  ResourceDetail,
  ResourceAt,
  ResourceRow,
  ScanRow,
  ScopeRunInput,
  ScopeRunResult,
  ScopeState,
  Transition,
  TrendRow,
} from './model.js';

/** "Stan" — marks a database as Stance's so a foreign SQLite file is never modified. */
export const APPLICATION_ID = 0x5374616e;
export const DEFAULT_STALE_AFTER_MS = 48 * 3600 * 1000;

type Db = Database.Database;

interface CurrentResource {
  key: number;
  resourceId: string;
  definition: string;
  hash: string;
  type: string;
  account: string;
  region: string;
  name: string;
  tags: string;
  sourceFile: string | null;
  sourceLine: number | null;
}

/** A resource listed in the scope run being recorded. */
interface ListedResource {
  key: number;
  type: string;
  account: string;
  configChanged: boolean;
  isNew: boolean;
  source: Resource['source'];
}

interface CurrentFinding {
  status: EvalStatus;
  message: string;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A stored resource's identity: its id and its definition (docs/decisions/0005). */
const identity = (resourceId: string, definition: string | undefined) =>
  `${resourceId}\u0000${definition ?? ''}`;

function translate(error: unknown, path: string): never {
  const code = (error as { code?: string }).code ?? '';
  if (error instanceof StoreError) throw error;
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    throw new StoreError(
      'locked',
      `database ${path} is locked by another stance process (waited for it; try again later)`,
    );
  }
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    throw new StoreError('corrupt', `database ${path} is corrupt or not an SQLite database`);
  }
  if (code.startsWith('SQLITE_READONLY')) throw new StoreError('readonly', `database ${path} is read-only`);
  throw error;
}

function looksLikeSqlite(path: string): boolean {
  if (!existsSync(path) || statSync(path).size === 0) return true;
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    return header.toString('latin1') === 'SQLite format 3\0';
  } finally {
    closeSync(fd);
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The findings store: scans and scope runs, resources with content-addressed configuration
 * versions, current findings, and status intervals written only when a status changes.
 * Callers pass every time explicitly; the store never reads the wall clock for data.
 */
export class Store {
  private readonly ruleKeys = new Map<string, number>();
  /** One line each from the data migrations this open ran (what an upgrade removed), for the user. */
  readonly upgradeNotices: string[] = [];

  private constructor(
    readonly db: Db,
    readonly path: string,
  ) {}

  static open(path: string, opts: { readonly?: boolean; busyTimeoutMs?: number } = {}): Store {
    const busyTimeout = Number(process.env.STANCE_DB_BUSY_TIMEOUT_MS ?? opts.busyTimeoutMs ?? 30_000);
    const memory = path === ':memory:';
    if (!memory && !looksLikeSqlite(path)) {
      throw new StoreError('corrupt', `database ${path} is corrupt or not an SQLite database`);
    }
    if (opts.readonly && !memory && !existsSync(path)) {
      throw new StoreError(
        'missing',
        `no database at ${path}: run \`stance scan\` or \`stance demo\` first, or pass --db`,
      );
    }
    let db: Db;
    try {
      db = new Database(path, { readonly: opts.readonly ?? false, timeout: busyTimeout });
    } catch (error) {
      translate(error, path);
    }
    const store = new Store(db, path);
    try {
      db.pragma(`busy_timeout = ${busyTimeout}`);
      store.checkIdentity(opts.readonly ?? false);
      if (!opts.readonly) {
        if (!memory) db.pragma('journal_mode = WAL');
        db.pragma('synchronous = NORMAL');
        store.migrate();
        store.markInterruptedScans();
      }
      db.pragma('foreign_keys = ON');
    } catch (error) {
      db.close();
      translate(error, path);
    }
    return store;
  }

  close(): void {
    this.db.close();
  }

  /** True when the database predates this Stance's schema: a read-only open does not migrate it. */
  get outdated(): boolean {
    return (this.db.pragma('user_version', { simple: true }) as number) < MIGRATIONS.length;
  }

  private checkIdentity(readonly: boolean): void {
    const appId = this.db.pragma('application_id', { simple: true }) as number;
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (appId === APPLICATION_ID) {
      if (version > MIGRATIONS.length) {
        throw new StoreError(
          'newer',
          `database ${this.path} was written by a newer Stance (schema ${version}; this one knows ${MIGRATIONS.length})`,
        );
      }
      return;
    }
    const tables = (
      this.db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number }
    ).n;
    if (appId !== 0 || tables > 0) {
      throw new StoreError(
        'foreign',
        `database ${this.path} belongs to another application (not a Stance database); refusing to modify it`,
      );
    }
    if (readonly)
      throw new StoreError('missing', `database ${this.path} is empty: run \`stance scan\` first`);
  }

  private migrate(): void {
    const version = this.db.pragma('user_version', { simple: true }) as number;
    if (version >= MIGRATIONS.length) return;
    const notices: string[] = [];
    // A table rebuild (006) drops and recreates a table that others reference, keeping every row id:
    // foreign keys are off meanwhile (the pragma cannot change inside a transaction; open() turns
    // them on again).
    this.db.pragma('foreign_keys = OFF');
    this.db
      .transaction(() => {
        const current = this.db.pragma('user_version', { simple: true }) as number;
        notices.length = 0;
        for (let i = current; i < MIGRATIONS.length; i++) {
          const migration = MIGRATIONS[i]!;
          if (typeof migration === 'string') this.db.exec(migration);
          else {
            const notice = migration(this.db);
            if (notice) notices.push(notice);
          }
        }
        this.db.pragma(`application_id = ${APPLICATION_ID}`);
        this.db.pragma(`user_version = ${MIGRATIONS.length}`);
      })
      .immediate();
    this.upgradeNotices.push(...notices);
  }

  /** Scans left "running" by a process that no longer exists were cut off (crash, SIGKILL). */
  private markInterruptedScans(): void {
    const running = this.db.prepare("SELECT id, pid FROM scans WHERE status = 'running'").all() as {
      id: number;
      pid: number | null;
    }[];
    const dead = running.filter((s) => s.pid === null || (s.pid !== process.pid && !processAlive(s.pid)));
    if (dead.length === 0) return;
    const mark = this.db.prepare(
      "UPDATE scans SET status = 'interrupted' WHERE id = ? AND status = 'running'",
    );
    this.db.transaction(() => dead.forEach((s) => mark.run(s.id))).immediate();
  }

  private write<T>(fn: () => T): T {
    try {
      return this.db.transaction(fn).immediate();
    } catch (error) {
      translate(error, this.path);
    }
  }

  private read<T>(fn: () => T): T {
    try {
      return fn();
    } catch (error) {
      translate(error, this.path);
    }
  }

  syncRules(rules: RuleMeta[]): void {
    this.write(() => {
      const upsert = this.db.prepare(
        `INSERT INTO rules (rule_id, severity, title) VALUES (?, ?, ?)
         ON CONFLICT(rule_id) DO UPDATE SET severity = excluded.severity, title = excluded.title
         WHERE severity != excluded.severity OR title != excluded.title`,
      );
      for (const rule of rules) upsert.run(rule.id, rule.severity, rule.title);
    });
    this.ruleKeys.clear();
  }

  private ruleKey(ruleId: string): number {
    let key = this.ruleKeys.get(ruleId);
    if (key === undefined) {
      const row = this.db.prepare('SELECT id FROM rules WHERE rule_id = ?').get(ruleId) as
        { id: number } | undefined;
      if (!row)
        throw new StoreError(
          'invalid',
          `evaluation for rule ${ruleId}, which is not in the rule manifest (call syncRules first)`,
        );
      key = row.id;
      this.ruleKeys.set(ruleId, key);
    }
    return key;
  }

  beginScan(p: { startedAt: Date; bundleVersion: string; command: string }): number {
    return this.write(
      () =>
        this.db
          .prepare(
            "INSERT INTO scans (started_at, status, bundle_version, command, pid) VALUES (?, 'running', ?, ?, ?)",
          )
          .run(p.startedAt.getTime(), p.bundleVersion, p.command, process.pid).lastInsertRowid as number,
    );
  }

  finishScan(scanId: number, p: { finishedAt: Date; status: 'ok' | 'partial' | 'failed' }): void {
    this.write(() => {
      this.db
        .prepare('UPDATE scans SET finished_at = ?, status = ? WHERE id = ?')
        .run(p.finishedAt.getTime(), p.status, scanId);
    });
  }

  private scopeId(scope: ScopeRef): number {
    const row = this.db.prepare('SELECT id FROM scopes WHERE key = ?').get(scope.key) as
      { id: number } | undefined;
    if (row) return row.id;
    return this.db
      .prepare('INSERT INTO scopes (key, provider, account, region, service) VALUES (?, ?, ?, ?, ?)')
      .run(scope.key, scope.provider, scope.account, scope.region, scope.service).lastInsertRowid as number;
  }

  /**
   * Records one scope's run in one transaction and returns the status changes it caused.
   * `inTransaction` runs inside that transaction (e.g. to queue alerts atomically with the changes).
   */
  recordScopeRun(
    scanId: number,
    scope: ScopeRef,
    run: ScopeRunInput,
    inTransaction?: (result: ScopeRunResult) => void,
  ): ScopeRunResult {
    return this.write(() => {
      const result = this.recordScopeRunUnlocked(scanId, scope, run);
      inTransaction?.(result);
      return result;
    });
  }

  /**
   * The time a scope run is recorded at, never earlier than a run already committed: two processes
   * read their clocks before waiting for the write lock, and history intervals must not close
   * before they opened.
   */
  private commitTime(finishedAt: number): number {
    const last =
      (this.db.prepare('SELECT max(finished_at) AS t FROM scope_runs').get() as { t: number | null }).t ?? 0;
    return Math.max(finishedAt, last);
  }

  private recordScopeRunUnlocked(scanId: number, scope: ScopeRef, run: ScopeRunInput): ScopeRunResult {
    const scopeKey = this.scopeId(scope);
    const startedAt = run.startedAt.getTime();
    const finishedAt = this.commitTime(run.finishedAt.getTime());
    if (run.status === 'error') {
      const id = this.db
        .prepare(
          "INSERT INTO scope_runs (scan_id, scope_id, status, error, started_at, finished_at, resources) VALUES (?, ?, 'error', ?, ?, ?, 0)",
        )
        .run(scanId, scopeKey, run.error, startedAt, finishedAt).lastInsertRowid as number;
      return { scopeRunId: id, resourcesSeen: 0, resourcesDeleted: 0, transitions: [], rowsWritten: 1 };
    }
    return this.applyOkRun(scanId, scopeKey, run, startedAt, finishedAt);
  }

  /**
   * Records a partial listing of one scope in one transaction: only the given resources changed
   * (with complete evaluations for each), and the given ids are gone; every other resource of the
   * scope keeps its state. For collectors that see changes rather than full listings (and for the
   * history benchmark, which writes 15 months of churn through the same code path).
   */
  recordScopeDelta(
    scanId: number,
    scope: ScopeRef,
    delta: {
      startedAt: Date;
      finishedAt: Date;
      changed: Resource[];
      evaluations: Evaluation[];
      deleted: string[];
    },
    inTransaction?: (result: ScopeRunResult) => void,
  ): ScopeRunResult {
    const changed = new Set(delta.changed.map((r) => identity(r.id, definitionOf(r))));
    const deleted = new Set(delta.deleted);
    return this.write(() => {
      const scopeKey = this.scopeId(scope);
      const result = this.applyOkRun(
        scanId,
        scopeKey,
        {
          status: 'ok',
          startedAt: delta.startedAt,
          finishedAt: delta.finishedAt,
          resources: delta.changed,
          evaluations: delta.evaluations,
        },
        delta.startedAt.getTime(),
        this.commitTime(delta.finishedAt.getTime()),
        {
          ids: new Set([...delta.changed.map((r) => r.id), ...delta.deleted]),
          // the listed definitions, and every definition of a deleted id
          keep: (id, definition) => changed.has(identity(id, definition)) || deleted.has(id),
        },
      );
      inTransaction?.(result);
      return result;
    });
  }

  private applyOkRun(
    scanId: number,
    scopeKey: number,
    run: Extract<ScopeRunInput, { status: 'ok' }>,
    startedAt: number,
    finishedAt: number,
    only?: { ids: Set<string>; keep: (resourceId: string, definition: string) => boolean },
  ): ScopeRunResult {
    const db = this.db;
    const bundleVersion = (
      db.prepare('SELECT bundle_version AS v FROM scans WHERE id = ?').get(scanId) as
        { v: string } | undefined
    )?.v;
    if (bundleVersion === undefined) throw new StoreError('invalid', `scan ${scanId} does not exist`);
    let rows = 0;
    const transitions: Transition[] = [];
    const counts = new Map<
      string,
      { ruleKey: number; account: string; pass: number; fail: number; error: number }
    >();
    const count = (ruleKey: number, account: string, status: EvalStatus | null, delta: number) => {
      if (!status) return;
      const id = `${ruleKey}\u0000${account}`;
      let entry = counts.get(id);
      if (!entry) counts.set(id, (entry = { ruleKey, account, pass: 0, fail: 0, error: 0 }));
      entry[status] += delta;
    };

    const current = new Map<string, CurrentResource>();
    const columns = `id AS key, resource_id AS resourceId, definition, config_hash AS hash, type, account, region, name,
                tags, source_file AS sourceFile, source_line AS sourceLine`;
    if (only) {
      const byId = db.prepare(
        `SELECT ${columns} FROM resources WHERE resource_id = ? AND scope_id = ? AND deleted_at IS NULL`,
      );
      for (const id of only.ids) {
        for (const r of byId.all(id, scopeKey) as CurrentResource[])
          if (only.keep(r.resourceId, r.definition)) current.set(identity(r.resourceId, r.definition), r);
      }
    } else {
      for (const r of db
        .prepare(`SELECT ${columns} FROM resources WHERE scope_id = ? AND deleted_at IS NULL`)
        .all(scopeKey) as CurrentResource[]) {
        current.set(identity(r.resourceId, r.definition), r);
      }
    }

    const insertBlob = db.prepare('INSERT OR IGNORE INTO config_blobs (hash, body) VALUES (?, ?)');
    const closeVersion = db.prepare(
      'UPDATE resource_versions SET valid_to = ? WHERE resource_key = ? AND valid_to IS NULL',
    );
    const openVersion = db.prepare(
      'INSERT INTO resource_versions (resource_key, hash, valid_from, scan_id) VALUES (?, ?, ?, ?)',
    );
    const findExisting = db.prepare(
      `SELECT id AS key, resource_id AS resourceId, definition, config_hash AS hash, type, account, region, name, tags,
              source_file AS sourceFile, source_line AS sourceLine, deleted_at AS deletedAt
       FROM resources WHERE resource_id = ? AND definition = ?`,
    );
    const insertResource = db.prepare(
      `INSERT INTO resources (resource_id, definition, type, provider, account, region, name, scope_id, tags, source_file, source_line, first_seen, config_hash)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const updateResource = db.prepare(
      `UPDATE resources SET type = ?, account = ?, region = ?, name = ?, scope_id = ?, tags = ?, source_file = ?,
              source_line = ?, deleted_at = NULL, config_hash = ? WHERE id = ?`,
    );

    const resourceKeys = new Map<string, ListedResource>();
    const storeBlob = (hash: string, json: string) => {
      rows += insertBlob.run(hash, deflateRawSync(json)).changes;
    };
    for (const resource of run.resources) {
      if (
        typeof resource.id !== 'string' ||
        !resource.id ||
        typeof resource.type !== 'string' ||
        !resource.type
      ) {
        throw new StoreError('invalid', `a resource in scope ${scopeKey} has an empty id or type`);
      }
      const definition = definitionOf(resource);
      const key = identity(resource.id, definition);
      if (resourceKeys.has(key))
        throw new StoreError(
          'invalid',
          `resource ${resource.id}${definition ? ` (${definition})` : ''} is listed twice in one scope run`,
        );
      const json = canonicalJson(resource.config);
      const hash = contentHash(json);
      const tags = canonicalJson(resource.tags ?? {});
      const sourceFile = resource.source?.file ?? null;
      const sourceLine = resource.source?.line ?? null;
      const known = current.get(key);
      if (known) {
        const configChanged = known.hash !== hash;
        if (configChanged) {
          storeBlob(hash, json);
          rows += closeVersion.run(finishedAt, known.key).changes;
          rows += openVersion.run(known.key, hash, finishedAt, scanId).changes;
        }
        if (
          configChanged ||
          known.type !== resource.type ||
          known.account !== resource.account ||
          known.region !== resource.region ||
          known.name !== resource.name ||
          known.tags !== tags ||
          known.sourceFile !== sourceFile ||
          known.sourceLine !== sourceLine
        ) {
          rows += updateResource.run(
            resource.type,
            resource.account,
            resource.region,
            resource.name,
            scopeKey,
            tags,
            sourceFile,
            sourceLine,
            hash,
            known.key,
          ).changes;
        }
        current.delete(key);
        resourceKeys.set(key, {
          key: known.key,
          type: resource.type,
          account: resource.account,
          configChanged,
          isNew: false,
          source: resource.source,
        });
        continue;
      }
      const existing = findExisting.get(resource.id, definition) as
        (CurrentResource & { deletedAt: number | null }) | undefined;
      if (existing) {
        // reappearing after deletion, or moved here from another scope
        const configChanged = existing.hash !== hash || existing.deletedAt !== null;
        if (configChanged) {
          storeBlob(hash, json);
          rows += closeVersion.run(finishedAt, existing.key).changes;
          rows += openVersion.run(existing.key, hash, finishedAt, scanId).changes;
        }
        rows += updateResource.run(
          resource.type,
          resource.account,
          resource.region,
          resource.name,
          scopeKey,
          tags,
          sourceFile,
          sourceLine,
          hash,
          existing.key,
        ).changes;
        resourceKeys.set(key, {
          key: existing.key,
          type: resource.type,
          account: resource.account,
          configChanged,
          isNew: existing.deletedAt !== null,
          source: resource.source,
        });
        continue;
      }
      storeBlob(hash, json);
      const rowKey = insertResource.run(
        resource.id,
        definition,
        resource.type,
        resource.provider,
        resource.account,
        resource.region,
        resource.name,
        scopeKey,
        tags,
        sourceFile,
        sourceLine,
        finishedAt,
        hash,
      ).lastInsertRowid as number;
      rows += 1;
      rows += openVersion.run(rowKey, hash, finishedAt, scanId).changes;
      resourceKeys.set(key, {
        key: rowKey,
        type: resource.type,
        account: resource.account,
        configChanged: true,
        isNew: true,
        source: resource.source,
      });
    }

    // Current findings of the resources listed now (including ones that just moved into this scope).
    const findings = new Map<number, Map<number, CurrentFinding>>();
    const findingsOf = db.prepare(
      'SELECT rule_key AS ruleKey, status, message FROM findings WHERE resource_key = ?',
    );
    const scopeFindings = db.prepare(
      `SELECT f.resource_key AS resourceKey, f.rule_key AS ruleKey, f.status, f.message
       FROM findings f JOIN resources r ON r.id = f.resource_key WHERE r.scope_id = ? AND r.deleted_at IS NULL`,
    );
    const rowsOfFindings = only
      ? [...resourceKeys.values()].flatMap((r) =>
          (findingsOf.all(r.key) as { ruleKey: number; status: EvalStatus; message: string }[]).map((f) => ({
            ...f,
            resourceKey: r.key,
          })),
        )
      : (scopeFindings.all(scopeKey) as {
          resourceKey: number;
          ruleKey: number;
          status: EvalStatus;
          message: string;
        }[]);
    for (const f of rowsOfFindings) {
      let m = findings.get(f.resourceKey);
      if (!m) findings.set(f.resourceKey, (m = new Map()));
      m.set(f.ruleKey, { status: f.status, message: f.message });
    }

    const closeInterval = db.prepare(
      'UPDATE finding_history SET valid_to = ?, closed_scan = ? WHERE resource_key = ? AND rule_key = ? AND valid_to IS NULL',
    );
    const openBundle = db.prepare(
      'SELECT bundle_version AS v FROM finding_history WHERE resource_key = ? AND rule_key = ? AND valid_to IS NULL',
    );
    const openInterval = db.prepare(
      `INSERT INTO finding_history (resource_key, rule_key, status, message, valid_from, opened_scan, bundle_version, cause)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const upsertFinding = db.prepare(
      `INSERT INTO findings (resource_key, rule_key, status, message, since, opened_scan) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(resource_key, rule_key) DO UPDATE SET status = excluded.status, message = excluded.message,
         since = excluded.since, opened_scan = excluded.opened_scan`,
    );
    const updateMessage = db.prepare(
      'UPDATE findings SET message = ? WHERE resource_key = ? AND rule_key = ?',
    );
    const deleteFinding = db.prepare('DELETE FROM findings WHERE resource_key = ? AND rule_key = ?');
    const ruleIdOf = new Map<number, string>();
    const ruleIdFor = (ruleKey: number) => {
      let id = ruleIdOf.get(ruleKey);
      if (id === undefined) {
        id = (db.prepare('SELECT rule_id AS id FROM rules WHERE id = ?').get(ruleKey) as { id: string }).id;
        ruleIdOf.set(ruleKey, id);
      }
      return id;
    };

    // An evaluation that names no definition belongs to the id's only definition in this run.
    const onlyDefinition = new Map<string, ListedResource | null>();
    for (const [key, value] of resourceKeys) {
      const id = key.slice(0, key.lastIndexOf('\u0000'));
      onlyDefinition.set(id, onlyDefinition.has(id) ? null : value);
    }
    const evaluated = new Map<number, Set<number>>();
    for (const evaluation of run.evaluations) {
      const resource =
        resourceKeys.get(identity(evaluation.resourceId, evaluation.definition)) ??
        (evaluation.definition === undefined
          ? (onlyDefinition.get(evaluation.resourceId) ?? undefined)
          : undefined);
      if (!resource) {
        throw new StoreError(
          'invalid',
          `evaluation for resource ${evaluation.resourceId}, which is not listed in this scope run`,
        );
      }
      const ruleKey = this.ruleKey(evaluation.ruleId);
      ruleIdOf.set(ruleKey, evaluation.ruleId);
      let seen = evaluated.get(resource.key);
      if (!seen) evaluated.set(resource.key, (seen = new Set()));
      if (seen.has(ruleKey))
        throw new StoreError(
          'invalid',
          `two evaluations of rule ${evaluation.ruleId} on ${evaluation.resourceId}`,
        );
      seen.add(ruleKey);
      const before = findings.get(resource.key)?.get(ruleKey);
      if (before && before.status === evaluation.status) {
        if (before.message !== evaluation.message)
          rows += updateMessage.run(evaluation.message, resource.key, ruleKey).changes;
        continue;
      }
      let cause: Transition['cause'] = 'new';
      if (before) {
        const previousBundle = (openBundle.get(resource.key, ruleKey) as { v: string } | undefined)?.v;
        cause = resource.configChanged ? 'config' : previousBundle !== bundleVersion ? 'bundle' : 'rule';
        rows += closeInterval.run(finishedAt, scanId, resource.key, ruleKey).changes;
      } else if (!resource.isNew) {
        cause = resource.configChanged ? 'config' : 'new';
      }
      rows += openInterval.run(
        resource.key,
        ruleKey,
        evaluation.status,
        evaluation.message,
        finishedAt,
        scanId,
        bundleVersion,
        cause,
      ).changes;
      rows += upsertFinding.run(
        resource.key,
        ruleKey,
        evaluation.status,
        evaluation.message,
        finishedAt,
        scanId,
      ).changes;
      count(ruleKey, resource.account, before?.status ?? null, -1);
      count(ruleKey, resource.account, evaluation.status, 1);
      transitions.push({
        resourceId: evaluation.resourceId,
        resourceType: resource.type,
        ruleId: evaluation.ruleId,
        from: before?.status ?? null,
        to: evaluation.status,
        cause,
        message: evaluation.message,
        ...(resource.source ? { source: { file: resource.source.file, line: resource.source.line } } : {}),
      });
    }

    const closeFinding = (
      resourceKey: number,
      resourceId: string,
      type: string,
      account: string,
      ruleKey: number,
      f: CurrentFinding,
    ) => {
      rows += closeInterval.run(finishedAt, scanId, resourceKey, ruleKey).changes;
      rows += deleteFinding.run(resourceKey, ruleKey).changes;
      count(ruleKey, account, f.status, -1);
      transitions.push({
        resourceId,
        resourceType: type,
        ruleId: ruleIdFor(ruleKey),
        from: f.status,
        to: null,
        cause: 'rule',
        message: '',
      });
    };

    // Rules that no longer apply to a listed resource (not applicable now, or removed from the bundle).
    for (const [resourceId, resource] of resourceKeys) {
      const existing = findings.get(resource.key);
      if (!existing) continue;
      const seen = evaluated.get(resource.key);
      for (const [ruleKey, f] of existing) {
        if (!seen?.has(ruleKey))
          closeFinding(resource.key, resourceId, resource.type, resource.account, ruleKey, f);
      }
    }

    // Resources this successful run no longer lists are gone.
    const markDeleted = db.prepare('UPDATE resources SET deleted_at = ? WHERE id = ?');
    for (const gone of current.values()) {
      rows += markDeleted.run(finishedAt, gone.key).changes;
      rows += closeVersion.run(finishedAt, gone.key).changes;
      for (const f of findingsOf.all(gone.key) as {
        ruleKey: number;
        status: EvalStatus;
        message: string;
      }[]) {
        rows += closeInterval.run(finishedAt, scanId, gone.key, f.ruleKey).changes;
        rows += deleteFinding.run(gone.key, f.ruleKey).changes;
        count(f.ruleKey, gone.account, f.status, -1);
        transitions.push({
          resourceId: gone.resourceId,
          resourceType: gone.type,
          ruleId: ruleIdFor(f.ruleKey),
          from: f.status,
          to: null,
          cause: 'deleted',
          message: '',
        });
      }
    }

    if (counts.size > 0) {
      const bump = db.prepare(
        `INSERT INTO current_counts (rule_key, account, pass, fail, error) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT(rule_key, account) DO UPDATE SET pass = pass + excluded.pass, fail = fail + excluded.fail, error = error + excluded.error`,
      );
      const trend = db.prepare(
        `INSERT INTO trend_daily (day, rule_key, account, pass, fail, error)
         SELECT ?, rule_key, account, pass, fail, error FROM current_counts WHERE rule_key = ? AND account = ?
         ON CONFLICT(day, rule_key, account) DO UPDATE SET pass = excluded.pass, fail = excluded.fail, error = excluded.error`,
      );
      const day = iso(finishedAt).slice(0, 10);
      for (const c of counts.values()) {
        if (c.pass === 0 && c.fail === 0 && c.error === 0) continue;
        bump.run(c.ruleKey, c.account, c.pass, c.fail, c.error);
        trend.run(day, c.ruleKey, c.account);
      }
    }

    const scopeRunId = db
      .prepare(
        "INSERT INTO scope_runs (scan_id, scope_id, status, started_at, finished_at, resources) VALUES (?, ?, 'ok', ?, ?, ?)",
      )
      .run(scanId, scopeKey, startedAt, finishedAt, run.resources.length).lastInsertRowid as number;
    return {
      scopeRunId,
      resourcesSeen: run.resources.length,
      resourcesDeleted: current.size,
      transitions,
      rowsWritten: rows,
    };
  }

  // ---------------------------------------------------------------- queries

  private lastOkRunByScope(): Map<number, number> {
    const rows = this.db
      .prepare(
        "SELECT scope_id AS scope, max(finished_at) AS at FROM scope_runs WHERE status = 'ok' GROUP BY scope_id",
      )
      .all() as { scope: number; at: number }[];
    return new Map(rows.map((r) => [r.scope, r.at]));
  }

  currentFindings(f: FindingFilter = {}): FindingRow[] {
    return this.read(() => {
      const where: string[] = ['r.deleted_at IS NULL'];
      const params: unknown[] = [];
      if (f.status) {
        where.push('f.status = ?');
        params.push(f.status);
      }
      if (f.severity) {
        const allowed = SEVERITIES.slice(SEVERITIES.indexOf(f.severity));
        where.push(`ru.severity IN (${allowed.map(() => '?').join(',')})`);
        params.push(...allowed);
      }
      const equals = (column: string, value: unknown) => {
        if (value === undefined) return;
        where.push(`${column} = ?`);
        params.push(value);
      };
      equals('ru.rule_id', f.ruleId);
      equals('r.resource_id', f.resourceId);
      equals('r.definition', f.definition);
      equals('r.type', f.resourceType);
      equals('r.account', f.account);
      if (f.newSinceScan !== undefined) {
        where.push('f.opened_scan >= ?');
        params.push(f.newSinceScan);
      }
      const lastOk = this.lastOkRunByScope();
      const rows = this.db
        .prepare(
          `SELECT r.resource_id AS resourceId, r.type AS resourceType, ru.rule_id AS ruleId, ru.severity, f.status, f.message,
                  f.since, r.account, r.region, r.provider, r.name, f.opened_scan AS openedScan, r.scope_id AS scope,
                  r.source_file AS sourceFile, r.source_line AS sourceLine
           FROM findings f JOIN resources r ON r.id = f.resource_key JOIN rules ru ON ru.id = f.rule_key
           WHERE ${where.join(' AND ')}
           ORDER BY r.resource_id, ru.rule_id`,
        )
        .all(...params) as (Omit<FindingRow, 'since' | 'lastEvaluated'> & { since: number; scope: number })[];
      return rows.map(({ scope, since, ...row }) => {
        const last = lastOk.get(scope);
        return { ...row, since: iso(since), ...(last !== undefined ? { lastEvaluated: iso(last) } : {}) };
      });
    });
  }

  resources(f: { type?: string; includeDeleted?: boolean } = {}): ResourceRow[] {
    return this.read(() => {
      const where: string[] = [];
      const params: unknown[] = [];
      if (!f.includeDeleted) where.push('r.deleted_at IS NULL');
      if (f.type) {
        where.push('r.type = ?');
        params.push(f.type);
      }
      const rows = this.db
        .prepare(
          `SELECT r.resource_id AS resourceId, r.type, r.provider, r.account, r.region, r.name, r.tags,
                  r.first_seen AS firstSeen, r.deleted_at AS deletedAt, r.source_file AS sourceFile, r.source_line AS sourceLine,
                  (SELECT count(*) FROM findings f WHERE f.resource_key = r.id AND f.status = 'fail') AS failing
           FROM resources r ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY r.type, r.resource_id`,
        )
        .all(...params) as (Omit<ResourceRow, 'tags' | 'firstSeen' | 'deletedAt'> & {
        tags: string;
        firstSeen: number;
        deletedAt: number | null;
      })[];
      return rows.map((r) => ({
        ...r,
        tags: JSON.parse(r.tags) as Record<string, string>,
        firstSeen: iso(r.firstSeen),
        deletedAt: r.deletedAt === null ? null : iso(r.deletedAt),
      }));
    });
  }

  private blob(hash: string): unknown {
    const row = this.db.prepare('SELECT body FROM config_blobs WHERE hash = ?').get(hash) as
      { body: Buffer } | undefined;
    return row ? JSON.parse(inflateRawSync(row.body).toString('utf8')) : undefined;
  }

  /** One resource with its configuration, findings and history; its first definition when it has several. */
  resource(resourceId: string): ResourceDetail | undefined {
    return this.resourceDefinitions(resourceId)[0];
  }

  /**
   * Every definition stored under an id (one, except for objects that manifests define in several
   * files), live ones first, then by definition.
   */
  resourceDefinitions(resourceId: string): ResourceDetail[] {
    return this.read(() =>
      (
        this.db
          .prepare(
            `SELECT id, definition, config_hash AS hash FROM resources WHERE resource_id = ?
             ORDER BY deleted_at IS NOT NULL, definition`,
          )
          .all(resourceId) as { id: number; definition: string; hash: string }[]
      ).map((key) => this.detailOf(resourceId, key)),
    );
  }

  private detailOf(
    resourceId: string,
    key: { id: number; definition: string; hash: string },
  ): ResourceDetail {
    const resource = this.resourcesByKey(key.id);
    const findings = this.currentFindings({ resourceId, definition: key.definition });
    const history = (
      this.db
        .prepare(
          `SELECT ru.rule_id AS ruleId, h.status, h.message, h.valid_from AS validFrom, h.valid_to AS validTo, h.opened_scan AS openedScan,
                    h.closed_scan AS closedScan, h.bundle_version AS bundleVersion, h.cause
             FROM finding_history h JOIN rules ru ON ru.id = h.rule_key WHERE h.resource_key = ? ORDER BY h.valid_from, ru.rule_id`,
        )
        .all(key.id) as (Omit<HistoryRow, 'validFrom' | 'validTo'> & {
        validFrom: number;
        validTo: number | null;
      })[]
    ).map((h) => ({
      ...h,
      validFrom: iso(h.validFrom),
      validTo: h.validTo === null ? null : iso(h.validTo),
    }));
    const versions = (
      this.db
        .prepare(
          'SELECT hash, valid_from AS validFrom, valid_to AS validTo, scan_id AS scanId FROM resource_versions WHERE resource_key = ? ORDER BY valid_from',
        )
        .all(key.id) as { hash: string; validFrom: number; validTo: number | null; scanId: number }[]
    ).map((v) => ({
      ...v,
      validFrom: iso(v.validFrom),
      validTo: v.validTo === null ? null : iso(v.validTo),
    }));
    return { resource, config: this.blob(key.hash), findings, history, versions };
  }

  private resourcesByKey(key: number): ResourceRow {
    const r = this.db
      .prepare(
        `SELECT r.resource_id AS resourceId, r.type, r.provider, r.account, r.region, r.name, r.tags, r.first_seen AS firstSeen,
                r.deleted_at AS deletedAt, r.source_file AS sourceFile, r.source_line AS sourceLine,
                (SELECT count(*) FROM findings f WHERE f.resource_key = r.id AND f.status = 'fail') AS failing
         FROM resources r WHERE r.id = ?`,
      )
      .get(key) as Omit<ResourceRow, 'tags' | 'firstSeen' | 'deletedAt'> & {
      tags: string;
      firstSeen: number;
      deletedAt: number | null;
    };
    return {
      ...r,
      tags: JSON.parse(r.tags) as Record<string, string>,
      firstSeen: iso(r.firstSeen),
      deletedAt: r.deletedAt === null ? null : iso(r.deletedAt),
    };
  }

  /**
   * The resources of a type that existed at an instant (a version of them was current then), with
   * the scope that lists them: which Nodes a cluster had, say, when a report is asked for a date.
   */
  resourcesAt(at: Date, type: string): ResourceAt[] {
    return this.read(() =>
      (
        this.db
          .prepare(
            `SELECT r.resource_id AS resourceId, r.account, r.region, r.name, r.tags, s.key AS scopeKey
             FROM resources r JOIN scopes s ON s.id = r.scope_id
             WHERE r.type = ? AND EXISTS (SELECT 1 FROM resource_versions v WHERE v.resource_key = r.id
               AND v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?))
             ORDER BY r.resource_id`,
          )
          .all(type, at.getTime(), at.getTime()) as (Omit<ResourceAt, 'tags'> & { tags: string })[]
      ).map((r) => ({ ...r, tags: JSON.parse(r.tags) as Record<string, string> })),
    );
  }

  /** The configuration a resource had at a past instant, if it existed then. */
  configAt(resourceId: string, at: Date): unknown | undefined {
    return this.read(() => {
      const row = this.db
        .prepare(
          `SELECT v.hash FROM resource_versions v JOIN resources r ON r.id = v.resource_key
           WHERE r.resource_id = ? AND v.valid_from <= ? AND (v.valid_to IS NULL OR v.valid_to > ?)
           ORDER BY v.valid_from DESC LIMIT 1`,
        )
        .get(resourceId, at.getTime(), at.getTime()) as { hash: string } | undefined;
      return row ? this.blob(row.hash) : undefined;
    });
  }

  /** Per scope: its last run at or before `at` (default: now, i.e. the latest) and its last successful run. */
  scopeStates(at?: Date): ScopeState[] {
    return this.read(() => {
      const t = at?.getTime() ?? Number.MAX_SAFE_INTEGER;
      const scopes = this.db
        .prepare('SELECT id, key, provider, account, region, service FROM scopes ORDER BY key')
        .all() as {
        id: number;
        key: string;
        provider: string;
        account: string;
        region: string;
        service: string;
      }[];
      const last = this.db.prepare(
        'SELECT status, error, finished_at AS at, scan_id AS scanId FROM scope_runs WHERE scope_id = ? AND finished_at <= ? ORDER BY finished_at DESC, id DESC LIMIT 1',
      );
      const lastOk = this.db.prepare(
        "SELECT finished_at AS at, scan_id AS scanId FROM scope_runs WHERE scope_id = ? AND status = 'ok' AND finished_at <= ? ORDER BY finished_at DESC, id DESC LIMIT 1",
      );
      return scopes.map((s) => {
        const run = last.get(s.id, t) as
          { status: 'ok' | 'error'; error: string | null; at: number; scanId: number } | undefined;
        const ok = lastOk.get(s.id, t) as { at: number; scanId: number } | undefined;
        return {
          scopeId: s.id,
          key: s.key,
          provider: s.provider,
          account: s.account,
          region: s.region,
          service: s.service,
          lastRunStatus: run?.status ?? null,
          lastRunAt: run ? iso(run.at) : null,
          lastRunScan: run?.scanId ?? null,
          lastError: run?.error ?? null,
          lastOkAt: ok ? iso(ok.at) : null,
          lastOkScan: ok?.scanId ?? null,
        };
      });
    });
  }

  /**
   * The state at `at`: intervals containing it, for scopes whose last run at or before `at`
   * succeeded within `staleAfterMs`; every other scope's findings are `error` (not observed).
   */
  asOf(at: Date, opts: { staleAfterMs?: number } = {}): AsOfResult {
    return this.read(() => {
      const t = at.getTime();
      const staleAfter = opts.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
      const states = this.scopeStates(at);
      const observed = new Map<number, boolean>();
      for (const s of states) {
        observed.set(
          s.scopeId,
          s.lastRunStatus === 'ok' && s.lastRunAt !== null && t - Date.parse(s.lastRunAt) <= staleAfter,
        );
      }
      const keyOf = new Map(states.map((s) => [s.scopeId, s.key]));
      const rows = this.db
        .prepare(
          `SELECT r.resource_id AS resourceId, r.type AS resourceType, ru.rule_id AS ruleId, ru.severity, h.status, h.message,
                  h.valid_from AS since, r.account, r.region, r.scope_id AS scope, h.opened_scan AS openedScan, h.bundle_version AS bundleVersion,
                  r.source_file AS sourceFile, r.source_line AS sourceLine
           FROM finding_history h JOIN resources r ON r.id = h.resource_key JOIN rules ru ON ru.id = h.rule_key
           WHERE h.valid_to IS NULL AND h.valid_from <= ?
           UNION ALL
           SELECT r.resource_id, r.type, ru.rule_id, ru.severity, h.status, h.message, h.valid_from, r.account, r.region, r.scope_id,
                  h.opened_scan, h.bundle_version, r.source_file, r.source_line
           FROM finding_history h JOIN resources r ON r.id = h.resource_key JOIN rules ru ON ru.id = h.rule_key
           WHERE h.valid_to IS NOT NULL AND h.valid_to > ? AND h.valid_from <= ?`,
        )
        .all(t, t, t) as (Omit<AsOfFinding, 'since' | 'scopeKey' | 'reason' | 'source'> & {
        since: number;
        scope: number;
        sourceFile: string | null;
        sourceLine: number | null;
      })[];
      const findings: AsOfFinding[] = rows
        .map((r) => {
          const seen = observed.get(r.scope) ?? false;
          return {
            resourceId: r.resourceId,
            resourceType: r.resourceType,
            ruleId: r.ruleId,
            severity: r.severity,
            status: seen ? r.status : ('error' as const),
            message: seen
              ? r.message
              : 'not observed: no successful scan of this scope shortly before this time',
            since: iso(r.since),
            account: r.account,
            region: r.region,
            scopeKey: keyOf.get(r.scope) ?? '',
            openedScan: r.openedScan,
            bundleVersion: r.bundleVersion,
            ...(r.sourceFile ? { source: { file: r.sourceFile, line: r.sourceLine ?? 1 } } : {}),
            ...(seen ? {} : { reason: 'not_observed' as const }),
          };
        })
        .sort((a, b) =>
          a.resourceId < b.resourceId
            ? -1
            : a.resourceId > b.resourceId
              ? 1
              : a.ruleId < b.ruleId
                ? -1
                : a.ruleId > b.ruleId
                  ? 1
                  : 0,
        );

      const evidenceScans = new Map<number, string[]>();
      for (const s of states) {
        if (observed.get(s.scopeId) && s.lastRunScan !== null) {
          const list = evidenceScans.get(s.lastRunScan) ?? [];
          list.push(s.key);
          evidenceScans.set(s.lastRunScan, list);
        }
      }
      const scanRow = this.db.prepare(
        'SELECT id, started_at AS startedAt, finished_at AS finishedAt, bundle_version AS bundleVersion FROM scans WHERE id = ?',
      );
      const scans = [...evidenceScans.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([id, scopes]) => {
          const row = scanRow.get(id) as
            { id: number; startedAt: number; finishedAt: number | null; bundleVersion: string } | undefined;
          return {
            id,
            startedAt: row ? iso(row.startedAt) : null,
            finishedAt: row?.finishedAt ? iso(row.finishedAt) : null,
            bundleVersion: row?.bundleVersion ?? null,
            scopes: scopes.sort(),
          };
        });
      const bundleVersions = [
        ...new Set(scans.map((s) => s.bundleVersion).filter((v): v is string => v !== null)),
      ].sort();
      return {
        at: at.toISOString(),
        findings,
        scopes: states
          .filter((s) => s.lastRunStatus !== null)
          .map((s) => ({
            key: s.key,
            provider: s.provider,
            account: s.account,
            region: s.region,
            service: s.service,
            observed: observed.get(s.scopeId) ?? false,
            lastRunStatus: s.lastRunStatus,
            lastOkAt: s.lastOkAt,
          })),
        evidence: { scans, bundleVersions },
      };
    });
  }

  /** Daily pass/fail/error counts per rule and account, carried forward over days without changes. */
  trend(from: Date, to: Date): TrendRow[] {
    return this.read(() => {
      const fromDay = iso(from.getTime()).slice(0, 10);
      const toDay = iso(to.getTime()).slice(0, 10);
      const rows = this.db
        .prepare(
          `SELECT t.day, ru.rule_id AS ruleId, t.account, t.pass, t.fail, t.error FROM trend_daily t JOIN rules ru ON ru.id = t.rule_key
           WHERE t.day <= ? ORDER BY t.day`,
        )
        .all(toDay) as TrendRow[];
      const latest = new Map<string, TrendRow>();
      const out: TrendRow[] = [];
      const days: string[] = [];
      for (let d = Date.parse(`${fromDay}T00:00:00Z`); d <= Date.parse(`${toDay}T00:00:00Z`); d += 86_400_000)
        days.push(iso(d).slice(0, 10));
      let i = 0;
      for (const day of days) {
        while (i < rows.length && rows[i]!.day <= day) {
          const r = rows[i++]!;
          latest.set(`${r.ruleId}\u0000${r.account}`, r);
        }
        for (const r of latest.values()) out.push({ ...r, day });
      }
      return out;
    });
  }

  lastScan(): ScanRow | undefined {
    return this.scans(1)[0];
  }

  scans(limit = 50): ScanRow[] {
    return this.read(() =>
      (
        this.db
          .prepare(
            'SELECT id, started_at AS startedAt, finished_at AS finishedAt, status, bundle_version AS bundleVersion, command FROM scans ORDER BY id DESC LIMIT ?',
          )
          .all(limit) as (Omit<ScanRow, 'startedAt' | 'finishedAt'> & {
          startedAt: number;
          finishedAt: number | null;
        })[]
      ).map((s) => ({
        ...s,
        startedAt: iso(s.startedAt),
        finishedAt: s.finishedAt === null ? null : iso(s.finishedAt),
      })),
    );
  }

  /** Deletes closed history, versions, runs and signals older than the cutoff, in batches. */
  prune(p: { olderThan: Date }): PruneResult {
    const cutoff = p.olderThan.getTime();
    const batch = 20_000;
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
    const loop = (sql: string, ...params: unknown[]) => {
      let total = 0;
      for (;;) {
        const n = this.write(() => this.db.prepare(sql).run(...params, batch).changes);
        total += n;
        if (n < batch) return total;
      }
    };
    result.findingHistory = loop(
      'DELETE FROM finding_history WHERE id IN (SELECT id FROM finding_history WHERE valid_to IS NOT NULL AND valid_to < ? LIMIT ?)',
      cutoff,
    );
    result.resourceVersions = loop(
      'DELETE FROM resource_versions WHERE id IN (SELECT id FROM resource_versions WHERE valid_to IS NOT NULL AND valid_to < ? LIMIT ?)',
      cutoff,
    );
    result.resources = loop(
      `DELETE FROM resources WHERE id IN (
         SELECT r.id FROM resources r WHERE r.deleted_at IS NOT NULL AND r.deleted_at < ?
           AND NOT EXISTS (SELECT 1 FROM finding_history h WHERE h.resource_key = r.id)
           AND NOT EXISTS (SELECT 1 FROM resource_versions v WHERE v.resource_key = r.id)
           AND NOT EXISTS (SELECT 1 FROM findings f WHERE f.resource_key = r.id)
         LIMIT ?)`,
      cutoff,
    );
    result.configBlobs = loop(
      `DELETE FROM config_blobs WHERE hash IN (
         SELECT b.hash FROM config_blobs b WHERE NOT EXISTS (SELECT 1 FROM resource_versions v WHERE v.hash = b.hash)
           AND NOT EXISTS (SELECT 1 FROM resources r WHERE r.config_hash = b.hash AND r.deleted_at IS NULL) LIMIT ?)`,
    );
    // Keep each scope's last run before the cutoff: "as of" just after the cutoff still needs it.
    const keep = (
      this.db
        .prepare(
          `SELECT (SELECT s2.id FROM scope_runs s2 WHERE s2.scope_id = sc.id AND s2.finished_at < ? ORDER BY s2.finished_at DESC, s2.id DESC LIMIT 1) AS id
           FROM scopes sc`,
        )
        .all(cutoff) as { id: number | null }[]
    )
      .map((r) => r.id)
      .filter((id): id is number => id !== null);
    result.scopeRuns = loop(
      `DELETE FROM scope_runs WHERE id IN (
         SELECT id FROM scope_runs WHERE finished_at < ? AND id NOT IN (${keep.length ? keep.join(',') : 'NULL'}) LIMIT ?)`,
      cutoff,
    );
    result.scans = loop(
      `DELETE FROM scans WHERE id IN (
         SELECT s.id FROM scans s WHERE s.started_at < ? AND s.status != 'running'
           AND NOT EXISTS (SELECT 1 FROM scope_runs sr WHERE sr.scan_id = s.id) LIMIT ?)`,
      cutoff,
    );
    const cutoffDay = iso(cutoff).slice(0, 10);
    result.trendDaily = loop(
      'DELETE FROM trend_daily WHERE day IN (SELECT day FROM trend_daily WHERE day < ? LIMIT ?)',
      cutoffDay,
    );
    result.signals = loop(
      'DELETE FROM signals WHERE id IN (SELECT id FROM signals WHERE last_seen < ? LIMIT ?)',
      cutoff,
    );
    result.outbox = loop(
      'DELETE FROM outbox WHERE id IN (SELECT id FROM outbox WHERE delivered_at IS NOT NULL AND delivered_at < ? LIMIT ?)',
      cutoff,
    );
    return result;
  }

  /** Consistency problems, empty when the store is sound. Used by crash-safety tests and `stance db check`. */
  checkInvariants(): string[] {
    return this.read(() => {
      const problems: string[] = [];
      const integrity = this.db.pragma('integrity_check', { simple: true });
      if (integrity !== 'ok') problems.push(`integrity_check: ${String(integrity)}`);
      const q = (sql: string) => (this.db.prepare(sql).get() as { n: number }).n;
      const checks: [string, string][] = [
        [
          'more than one open interval for a (resource, rule)',
          `SELECT count(*) AS n FROM (SELECT 1 FROM finding_history WHERE valid_to IS NULL GROUP BY resource_key, rule_key HAVING count(*) > 1)`,
        ],
        [
          'current finding without a matching open interval',
          `SELECT count(*) AS n FROM findings f WHERE NOT EXISTS (SELECT 1 FROM finding_history h WHERE h.resource_key = f.resource_key
             AND h.rule_key = f.rule_key AND h.valid_to IS NULL AND h.status = f.status)`,
        ],
        [
          'open interval without a current finding',
          `SELECT count(*) AS n FROM finding_history h WHERE h.valid_to IS NULL AND NOT EXISTS (SELECT 1 FROM findings f
             WHERE f.resource_key = h.resource_key AND f.rule_key = h.rule_key)`,
        ],
        [
          'deleted resource with current findings',
          `SELECT count(*) AS n FROM findings f JOIN resources r ON r.id = f.resource_key WHERE r.deleted_at IS NOT NULL`,
        ],
        [
          'live resource without exactly one open configuration version',
          `SELECT count(*) AS n FROM resources r WHERE r.deleted_at IS NULL AND
             (SELECT count(*) FROM resource_versions v WHERE v.resource_key = r.id AND v.valid_to IS NULL) != 1`,
        ],
        [
          'interval closed before it opened',
          `SELECT count(*) AS n FROM finding_history WHERE valid_to IS NOT NULL AND valid_to < valid_from`,
        ],
        [
          'current counts disagree with current findings',
          `SELECT count(*) AS n FROM (
             SELECT f.rule_key, r.account, sum(f.status = 'pass') AS p, sum(f.status = 'fail') AS fl, sum(f.status = 'error') AS e
             FROM findings f JOIN resources r ON r.id = f.resource_key GROUP BY f.rule_key, r.account) x
           LEFT JOIN current_counts c ON c.rule_key = x.rule_key AND c.account = x.account
           WHERE c.rule_key IS NULL OR c.pass != x.p OR c.fail != x.fl OR c.error != x.e`,
        ],
      ];
      for (const [label, sql] of checks) {
        const n = q(sql);
        if (n > 0) problems.push(`${label}: ${n}`);
      }
      return problems;
    });
  }
}

export type { Evaluation, Resource };
