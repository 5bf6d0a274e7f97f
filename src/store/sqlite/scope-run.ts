import { deflateRawSync } from 'node:zlib';
import type { EvalStatus, Evaluation, Resource, ScopeRef } from '../../types.js';
import {
  dayOf,
  deltaSelection,
  identity,
  otherIdentities,
  pairKey,
  planFindings,
  planResources,
  readListing,
  settleCauses,
  collectReusable,
  unchangedIdentities,
  inputHashChanges,
  type ReusableRow,
  type ElsewhereResource,
  type FindingPlan,
  type ResourcePlan,
  type RollupDelta,
  type StoredFinding,
  type StoredResource,
  unchangedRunOutcome,
  keptDigest,
  summaryFromCounts,
  takeKept,
} from '../core/scope-run.js';
import { scopeDigest } from '../core/digest.js';
import { KeptResourcesChanged, StoreError } from '../errors.js';
import type {
  ScopeDelta,
  ScopeInput,
  ScopeRunInput,
  ScopeRunResult,
  ReusedEvaluations,
  ScopeRunSummary,
  UnchangedScopeRun,
} from '../model.js';
import type { SqliteContext } from './context.js';

// Records scope runs: loads what the core diff needs, applies its plan (see ../core/scope-run.ts).
// Runs inside the caller's write transaction.

const RESOURCE_COLUMNS = `id AS key, resource_id AS resourceId, definition, config_hash AS hash, type, account, region, name,
  tags, source_file AS sourceFile, source_line AS sourceLine, input_hash AS inputHash`;

export function recordScopeRun(
  ctx: SqliteContext,
  scanId: number,
  scope: ScopeRef,
  run: ScopeRunInput,
): ScopeRunResult {
  const scopeKey = scopeId(ctx, scope);
  const startedAt = run.startedAt.getTime();
  const finishedAt = commitTime(ctx, run.finishedAt.getTime());
  if (run.status === 'error') {
    const id = ctx
      .sql(
        "INSERT INTO scope_runs (scan_id, scope_id, status, error, started_at, finished_at, resources) VALUES (?, ?, 'error', ?, ?, ?, 0)",
      )
      .run(scanId, scopeKey, run.error, startedAt, finishedAt).lastInsertRowid as number;
    return {
      scopeRunId: id,
      resourcesSeen: 0,
      resourcesDeleted: 0,
      transitions: [],
      rowsWritten: 1,
      unchanged: false,
    };
  }
  const bundleVersion = bundleOf(ctx, scanId);
  const kept = run.input?.kept;
  if (run.input && kept?.size) {
    // Only what is not kept is read, diffed and written: no digest of the full listing (keptDigest).
    const result = applyOkRun(
      ctx,
      scanId,
      scopeKey,
      bundleVersion,
      run.resources,
      run.evaluations,
      startedAt,
      finishedAt,
      undefined,
      run.input.resources,
      readListing(scopeKey, run.resources, kept),
      { keys: kept, scope: scope.key },
    );
    const summary = scopeSummary(ctx, scopeKey, run.resources.length);
    keepInput(ctx, scopeKey, keptDigest(run.input.digest), { ...run.input, summary });
    return { ...result, summary };
  }
  // each configuration serialised and hashed once, for the digest and the rows
  const listing = readListing(scopeKey, run.resources);
  const digest = scopeDigest(
    bundleVersion,
    run.resources,
    run.evaluations,
    new Map(listing.map((l) => [l.resource, l])),
  );
  const stored = (
    ctx.sql('SELECT digest FROM scopes WHERE id = ?').get(scopeKey) as { digest: string | null }
  ).digest;
  if (stored === digest) {
    keepInput(ctx, scopeKey, digest, run.input);
    return {
      scopeRunId: insertOkRun(ctx, scanId, scopeKey, startedAt, finishedAt, run.resources.length),
      resourcesSeen: run.resources.length,
      resourcesDeleted: 0,
      transitions: [],
      rowsWritten: 0,
      unchanged: true,
    };
  }
  const result = applyOkRun(
    ctx,
    scanId,
    scopeKey,
    bundleVersion,
    run.resources,
    run.evaluations,
    startedAt,
    finishedAt,
    undefined,
    run.input?.resources,
    listing,
  );
  keepInput(ctx, scopeKey, digest, run.input);
  return result;
}

/** The scope's new state: its digest, and the input digest and summary of the run that set it. */
function keepInput(
  ctx: SqliteContext,
  scopeKey: number,
  digest: string,
  input: ScopeInput | undefined,
): void {
  const inputDigest = input?.digest ?? null;
  const summary = input ? JSON.stringify(input.summary) : null;
  ctx
    .sql(
      `UPDATE scopes SET digest = ?, input_digest = ?, input_summary = ?
       WHERE id = ? AND (digest IS NOT ? OR input_digest IS NOT ? OR input_summary IS NOT ?)`,
    )
    .run(digest, inputDigest, summary, scopeKey, digest, inputDigest, summary);
}

/** Valid only while the scope's digest is: anything that clears the digest voids the input digest. */
export function recordUnchangedScopeRun(
  ctx: SqliteContext,
  scanId: number,
  scope: ScopeRef,
  run: UnchangedScopeRun,
): { result: ScopeRunResult; summary: ScopeRunSummary } | undefined {
  const kept = ctx
    .sql(
      'SELECT id, input_summary AS summary FROM scopes WHERE key = ? AND digest IS NOT NULL AND input_digest = ?',
    )
    .get(scope.key, run.inputDigest) as { id: number; summary: string } | undefined;
  if (!kept) return undefined;
  bundleOf(ctx, scanId);
  const summary = JSON.parse(kept.summary) as ScopeRunSummary;
  const finishedAt = commitTime(ctx, run.finishedAt.getTime());
  const scopeRunId = insertOkRun(
    ctx,
    scanId,
    kept.id,
    run.startedAt.getTime(),
    finishedAt,
    summary.resources,
  );
  return unchangedRunOutcome(scopeRunId, summary);
}

export function reusableEvaluations(
  ctx: SqliteContext,
  scopeKey: string,
  hashes: ReadonlyMap<string, string>,
): ReusedEvaluations {
  const out: ReusedEvaluations = { resources: new Set(), evaluations: [] };
  const rows = ctx
    .sql(
      `SELECT r.resource_id AS resourceId, r.definition, r.input_hash AS inputHash, ru.rule_id AS ruleId, f.status, f.message
       FROM scopes s JOIN resources r ON r.scope_id = s.id
         LEFT JOIN findings f ON f.resource_key = r.id LEFT JOIN rules ru ON ru.id = f.rule_key
       WHERE s.key = ? AND r.deleted_at IS NULL AND r.input_hash IS NOT NULL`,
    )
    .iterate(scopeKey) as IterableIterator<ReusableRow>;
  for (const row of rows) collectReusable(out, row, hashes);
  return out;
}

export function unchangedResources(
  ctx: SqliteContext,
  scopeKey: string,
  hashes: ReadonlyMap<string, string>,
): Set<string> {
  const rows = ctx
    .sql(
      `SELECT r.resource_id AS resourceId, r.definition, r.input_hash AS inputHash
       FROM scopes s JOIN resources r ON r.scope_id = s.id
       WHERE s.key = ? AND r.deleted_at IS NULL AND r.input_hash IS NOT NULL`,
    )
    .iterate(scopeKey) as IterableIterator<{ resourceId: string; definition: string; inputHash: string }>;
  return unchangedIdentities(rows, hashes);
}

export function inputDigests(ctx: SqliteContext, scopeKeys: readonly string[]): Map<string, string> {
  const wanted = new Set(scopeKeys);
  const rows = ctx
    .sql(
      'SELECT key, input_digest AS digest FROM scopes WHERE digest IS NOT NULL AND input_digest IS NOT NULL',
    )
    .all() as { key: string; digest: string }[];
  return new Map(rows.filter((r) => wanted.has(r.key)).map((r) => [r.key, r.digest]));
}

/** A delta changes the scope's state outside a full listing: its digest no longer describes it. */
export function recordScopeDelta(
  ctx: SqliteContext,
  scanId: number,
  scope: ScopeRef,
  delta: ScopeDelta,
): ScopeRunResult {
  const scopeKey = scopeId(ctx, scope);
  const result = applyOkRun(
    ctx,
    scanId,
    scopeKey,
    bundleOf(ctx, scanId),
    delta.changed,
    delta.evaluations,
    delta.startedAt.getTime(),
    commitTime(ctx, delta.finishedAt.getTime()),
    deltaSelection(delta),
  );
  forgetDigest(ctx, scopeKey);
  return result;
}

function bundleOf(ctx: SqliteContext, scanId: number): string {
  const row = ctx.sql('SELECT bundle_version AS v FROM scans WHERE id = ?').get(scanId) as
    { v: string } | undefined;
  if (row === undefined) throw new StoreError('invalid', `scan ${scanId} does not exist`);
  return row.v;
}

function forgetDigest(ctx: SqliteContext, scopeKey: number): void {
  ctx.sql('UPDATE scopes SET digest = NULL WHERE id = ? AND digest IS NOT NULL').run(scopeKey);
}

function insertOkRun(
  ctx: SqliteContext,
  scanId: number,
  scopeKey: number,
  startedAt: number,
  finishedAt: number,
  resources: number,
): number {
  return ctx
    .sql(
      "INSERT INTO scope_runs (scan_id, scope_id, status, started_at, finished_at, resources) VALUES (?, ?, 'ok', ?, ?, ?)",
    )
    .run(scanId, scopeKey, startedAt, finishedAt, resources).lastInsertRowid as number;
}

function scopeId(ctx: SqliteContext, scope: ScopeRef): number {
  const row = ctx.sql('SELECT id FROM scopes WHERE key = ?').get(scope.key) as { id: number } | undefined;
  if (row) return row.id;
  return ctx
    .sql('INSERT INTO scopes (key, provider, account, region, service) VALUES (?, ?, ?, ?, ?)')
    .run(scope.key, scope.provider, scope.account, scope.region, scope.service).lastInsertRowid as number;
}

/**
 * The time a scope run is recorded at, never earlier than a run already committed: two processes
 * read their clocks before waiting for the write lock, and history intervals must not close
 * before they opened.
 */
function commitTime(ctx: SqliteContext, finishedAt: number): number {
  const last = (ctx.sql('SELECT max(finished_at) AS t FROM scope_runs').get() as { t: number | null }).t ?? 0;
  return Math.max(finishedAt, last);
}

function applyOkRun(
  ctx: SqliteContext,
  scanId: number,
  scopeKey: number,
  bundleVersion: string,
  resources: readonly Resource[],
  evaluations: readonly Evaluation[],
  startedAt: number,
  finishedAt: number,
  selection?: ReturnType<typeof deltaSelection>,
  inputHashes?: ReadonlyMap<string, string>,
  listing = readListing(scopeKey, resources),
  kept?: { keys: ReadonlySet<string>; scope: string },
): ScopeRunResult {
  const current = selection ? selectedResources(ctx, scopeKey, selection) : scopeResources(ctx, scopeKey);
  if (kept) {
    const stale = takeKept(current, kept.keys, inputHashes);
    if (stale.length) throw new KeptResourcesChanged(kept.scope, stale);
  }
  const elsewhere = new Map<string, ElsewhereResource>();
  const byIdentity = ctx.sql(
    `SELECT ${RESOURCE_COLUMNS}, deleted_at AS deletedAt, scope_id AS scopeId FROM resources WHERE resource_id = ? AND definition = ?`,
  );
  for (const { resourceId, definition } of otherIdentities(listing, current)) {
    const row = byIdentity.get(resourceId, definition) as
      (ElsewhereResource & { scopeId: number }) | undefined;
    if (!row) continue;
    elsewhere.set(identity(row.resourceId, row.definition), row);
    // taken over from another scope: that scope's state changes without a run of its own
    if (row.deletedAt === null && row.scopeId !== scopeKey) forgetDigest(ctx, row.scopeId);
  }

  const plan = planResources(listing, current, elsewhere);
  let rows = applyResources(ctx, plan, scopeKey, scanId, finishedAt);
  const setInputHash = ctx.sql('UPDATE resources SET input_hash = ? WHERE id = ?');
  for (const { key, hash } of inputHashChanges(plan, current, elsewhere, inputHashes))
    setInputHash.run(hash, key);

  // Current findings of the resources listed now (including ones that just moved into this scope)
  // and of the gone ones (still live in this scope until applyDeletions).
  const findings =
    selection || kept
      ? findingsOfKeys(ctx, [...plan.changes.map((c) => c.key!), ...plan.gone.map((g) => g.key)])
      : scopeFindings(ctx, scopeKey);
  const findingPlan = planFindings(plan, evaluations, findings, ctx.rules);
  if (findingPlan.pendingCauses.length) {
    const openBundle = ctx.sql(
      'SELECT bundle_version AS v FROM finding_history WHERE resource_key = ? AND rule_key = ? AND valid_to IS NULL',
    );
    const bundles = new Map<string, string>();
    for (const { change } of findingPlan.pendingCauses) {
      const row = openBundle.get(change.resourceKey, change.ruleKey) as { v: string } | undefined;
      if (row) bundles.set(pairKey(change.resourceKey, change.ruleKey), row.v);
    }
    settleCauses(findingPlan, bundles, bundleVersion);
  }
  rows += applyFindings(ctx, findingPlan, scanId, finishedAt, bundleVersion);
  rows += applyDeletions(ctx, plan.gone, finishedAt);
  applyRollups(ctx, findingPlan.rollups, dayOf(finishedAt));

  return {
    scopeRunId: insertOkRun(ctx, scanId, scopeKey, startedAt, finishedAt, resources.length),
    resourcesSeen: resources.length,
    resourcesDeleted: plan.gone.length,
    transitions: findingPlan.transitions,
    rowsWritten: rows,
    unchanged: false,
  };
}

/** The scope's counts: its live resources' current findings by status (after a run: the run's). */
function scopeSummary(ctx: SqliteContext, scopeKey: number, resources: number): ScopeRunSummary {
  return summaryFromCounts(
    resources,
    ctx
      .sql(
        `SELECT f.status, count(*) AS n FROM resources r JOIN findings f ON f.resource_key = r.id
         WHERE r.scope_id = ? AND r.deleted_at IS NULL GROUP BY f.status`,
      )
      .all(scopeKey) as { status: EvalStatus; n: number }[],
  );
}

function scopeResources(ctx: SqliteContext, scopeKey: number): Map<string, StoredResource> {
  const current = new Map<string, StoredResource>();
  for (const r of ctx
    .sql(`SELECT ${RESOURCE_COLUMNS} FROM resources WHERE scope_id = ? AND deleted_at IS NULL`)
    .all(scopeKey) as StoredResource[])
    current.set(identity(r.resourceId, r.definition), r);
  return current;
}

/**
 * A delta's resources, looked up by id. Without the index hint SQLite prefers the partial index
 * resources_by_scope (it covers two of the three terms) and walks every live resource of the scope
 * for each changed one: a delta of a few hundred resources in a scope of 30,000 read millions of rows.
 */
export const DELTA_RESOURCE_LOOKUP = `SELECT ${RESOURCE_COLUMNS} FROM resources INDEXED BY resources_identity
  WHERE resource_id = ? AND scope_id = ? AND deleted_at IS NULL`;

function selectedResources(
  ctx: SqliteContext,
  scopeKey: number,
  selection: ReturnType<typeof deltaSelection>,
): Map<string, StoredResource> {
  const current = new Map<string, StoredResource>();
  const byId = ctx.sql(DELTA_RESOURCE_LOOKUP);
  for (const id of selection.ids) {
    for (const r of byId.all(id, scopeKey) as StoredResource[])
      if (selection.keep(r.resourceId, r.definition)) current.set(identity(r.resourceId, r.definition), r);
  }
  return current;
}

type FindingRowDb = StoredFinding & { resourceKey: number };

function group(rows: FindingRowDb[], into = new Map<number, Map<number, StoredFinding>>()) {
  for (const f of rows) {
    let m = into.get(f.resourceKey);
    if (!m) into.set(f.resourceKey, (m = new Map()));
    m.set(f.ruleKey, { ruleKey: f.ruleKey, status: f.status, message: f.message });
  }
  return into;
}

function scopeFindings(ctx: SqliteContext, scopeKey: number): Map<number, Map<number, StoredFinding>> {
  return group(
    ctx
      .sql(
        `SELECT f.resource_key AS resourceKey, f.rule_key AS ruleKey, f.status, f.message
         FROM findings f JOIN resources r ON r.id = f.resource_key WHERE r.scope_id = ? AND r.deleted_at IS NULL`,
      )
      .all(scopeKey) as FindingRowDb[],
  );
}

function findingsOfKeys(ctx: SqliteContext, keys: number[]): Map<number, Map<number, StoredFinding>> {
  const of = ctx.sql(
    'SELECT resource_key AS resourceKey, rule_key AS ruleKey, status, message FROM findings WHERE resource_key = ?',
  );
  const out = new Map<number, Map<number, StoredFinding>>();
  for (const key of keys) group(of.all(key) as FindingRowDb[], out);
  return out;
}

/** Inserts, updates and re-versions the listed resources; sets the key of each inserted one. */
function applyResources(
  ctx: SqliteContext,
  plan: ResourcePlan,
  scopeKey: number,
  scanId: number,
  at: number,
): number {
  const insertBlob = ctx.sql('INSERT OR IGNORE INTO config_blobs (hash, body) VALUES (?, ?)');
  const closeVersion = ctx.sql(
    'UPDATE resource_versions SET valid_to = ? WHERE resource_key = ? AND valid_to IS NULL',
  );
  const openVersion = ctx.sql(
    'INSERT INTO resource_versions (resource_key, hash, valid_from, scan_id) VALUES (?, ?, ?, ?)',
  );
  const insertResource = ctx.sql(
    `INSERT INTO resources (resource_id, definition, type, provider, account, region, name, scope_id, tags, source_file, source_line, first_seen, config_hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const updateResource = ctx.sql(
    `UPDATE resources SET type = ?, account = ?, region = ?, name = ?, scope_id = ?, tags = ?, source_file = ?,
            source_line = ?, deleted_at = NULL, config_hash = ? WHERE id = ?`,
  );
  let rows = 0;
  for (const change of plan.changes) {
    const { listed } = change;
    const r = listed.resource;
    if (change.newVersion) rows += insertBlob.run(listed.hash, deflateRawSync(listed.json)).changes;
    if (change.insert) {
      change.key = insertResource.run(
        r.id,
        listed.definition,
        r.type,
        r.provider,
        r.account,
        r.region,
        r.name,
        scopeKey,
        listed.tags,
        listed.sourceFile,
        listed.sourceLine,
        at,
        listed.hash,
      ).lastInsertRowid as number;
      rows += 1;
    } else if (change.newVersion) {
      rows += closeVersion.run(at, change.key).changes;
    }
    if (change.newVersion) rows += openVersion.run(change.key, listed.hash, at, scanId).changes;
    if (change.update) {
      rows += updateResource.run(
        r.type,
        r.account,
        r.region,
        r.name,
        scopeKey,
        listed.tags,
        listed.sourceFile,
        listed.sourceLine,
        listed.hash,
        change.key,
      ).changes;
    }
  }
  return rows;
}

/** Rows per multi-row INSERT: a first scan writes hundreds of thousands, one statement call per batch. */
const BATCH_ROWS = 64;

/** An INSERT of `width` columns per row, as text for one row and for BATCH_ROWS rows. */
function insertText(head: string, width: number, tail = ''): { one: string; batch: string } {
  const row = `(${new Array<string>(width).fill('?').join(', ')})`;
  const text = (n: number) => `${head} VALUES ${new Array<string>(n).fill(row).join(', ')}${tail}`;
  return { one: text(1), batch: text(BATCH_ROWS) };
}

const OPEN_INTERVALS = insertText(
  'INSERT INTO finding_history (resource_key, rule_key, status, message, valid_from, opened_scan, bundle_version, cause)',
  8,
);
const UPSERT_FINDINGS = insertText(
  'INSERT INTO findings (resource_key, rule_key, status, message, since, opened_scan)',
  6,
  ` ON CONFLICT(resource_key, rule_key) DO UPDATE SET status = excluded.status, message = excluded.message,
       since = excluded.since, opened_scan = excluded.opened_scan`,
);

/** Runs an insert over `params` (rows of `width` values, at most BATCH_ROWS rows); the rows changed. */
function insertRows(
  ctx: SqliteContext,
  text: { one: string; batch: string },
  width: number,
  params: unknown[],
): number {
  if (params.length === BATCH_ROWS * width) return ctx.sql(text.batch).run(params).changes;
  const one = ctx.sql(text.one);
  let changes = 0;
  for (let i = 0; i < params.length; i += width) changes += one.run(params.slice(i, i + width)).changes;
  return changes;
}

function applyFindings(
  ctx: SqliteContext,
  plan: FindingPlan,
  scanId: number,
  at: number,
  bundleVersion: string,
): number {
  const closeInterval = ctx.sql(
    'UPDATE finding_history SET valid_to = ?, closed_scan = ? WHERE resource_key = ? AND rule_key = ? AND valid_to IS NULL',
  );
  const updateMessage = ctx.sql('UPDATE findings SET message = ? WHERE resource_key = ? AND rule_key = ?');
  const deleteFinding = ctx.sql('DELETE FROM findings WHERE resource_key = ? AND rule_key = ?');
  let rows = 0;
  // In batches, in order: the open intervals a batch closes, then its new intervals, then its findings.
  for (let start = 0; start < plan.changes.length; start += BATCH_ROWS) {
    const batch = plan.changes.slice(start, start + BATCH_ROWS);
    const intervals: unknown[] = [];
    const findings: unknown[] = [];
    for (const c of batch) {
      if (c.closePrevious) rows += closeInterval.run(at, scanId, c.resourceKey, c.ruleKey).changes;
      intervals.push(c.resourceKey, c.ruleKey, c.status, c.message, at, scanId, bundleVersion, c.cause);
      findings.push(c.resourceKey, c.ruleKey, c.status, c.message, at, scanId);
    }
    rows += insertRows(ctx, OPEN_INTERVALS, 8, intervals);
    rows += insertRows(ctx, UPSERT_FINDINGS, 6, findings);
  }
  for (const m of plan.messages) rows += updateMessage.run(m.message, m.resourceKey, m.ruleKey).changes;
  for (const c of plan.closed) {
    rows += closeInterval.run(at, scanId, c.resourceKey, c.ruleKey).changes;
    rows += deleteFinding.run(c.resourceKey, c.ruleKey).changes;
  }
  return rows;
}

function applyDeletions(ctx: SqliteContext, gone: readonly StoredResource[], at: number): number {
  const markDeleted = ctx.sql('UPDATE resources SET deleted_at = ? WHERE id = ?');
  const closeVersion = ctx.sql(
    'UPDATE resource_versions SET valid_to = ? WHERE resource_key = ? AND valid_to IS NULL',
  );
  let rows = 0;
  for (const r of gone) {
    rows += markDeleted.run(at, r.key).changes;
    rows += closeVersion.run(at, r.key).changes;
  }
  return rows;
}

function applyRollups(ctx: SqliteContext, rollups: readonly RollupDelta[], day: string): void {
  if (rollups.length === 0) return;
  const bump = ctx.sql(
    `INSERT INTO current_counts (rule_key, account, pass, fail, error) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT(rule_key, account) DO UPDATE SET pass = pass + excluded.pass, fail = fail + excluded.fail, error = error + excluded.error`,
  );
  const trend = ctx.sql(
    `INSERT INTO trend_daily (day, rule_key, account, pass, fail, error)
     SELECT ?, rule_key, account, pass, fail, error FROM current_counts WHERE rule_key = ? AND account = ?
     ON CONFLICT(day, rule_key, account) DO UPDATE SET pass = excluded.pass, fail = excluded.fail, error = excluded.error`,
  );
  for (const c of rollups) {
    bump.run(c.ruleKey, c.account, c.pass, c.fail, c.error);
    trend.run(day, c.ruleKey, c.account);
  }
}
