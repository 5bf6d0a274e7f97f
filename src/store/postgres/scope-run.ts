import { deflateRawSync } from 'node:zlib';
import type { EvalStatus, Evaluation, Resource, ScopeRef } from '../../types.js';
import { scopeDigest } from '../core/digest.js';
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
import { batches, type Db } from './context.js';
import { ensureClosedPartition } from './partitions.js';

// Records scope runs: loads what the core diff needs, applies its plan (see ../core/scope-run.ts)
// with multi-row statements (arrays through unnest), inside the caller's transaction.
//
// Scope runs are serialised by a transaction-scoped advisory lock, taken first and held until
// the transaction commits: each run reads the scope's state, the latest committed run time and
// the scope's digest, and writes from them, as SQLite's single writer does. Collection and
// evaluation, the expensive parts, run in parallel in as many processes as there are; only the
// recording of each scope queues. A worker that holds a lease (issue 14, part B) checks it inside
// the same transaction (tx.locks.refresh on its lease row, which also row-locks it until commit)
// before recording, so a job whose lease was taken over commits nothing.

const RESOURCE_COLUMNS = `id AS key, resource_id AS "resourceId", definition, config_hash AS hash, type, account, region, name,
  tags, source_file AS "sourceFile", source_line AS "sourceLine", input_hash AS "inputHash"`;

interface Target {
  id: number;
  key: string;
  digest: string | null;
}

export async function recordScopeRun(
  db: Db,
  scanId: number,
  scope: ScopeRef,
  run: ScopeRunInput,
): Promise<ScopeRunResult> {
  await db.lock('scope-runs');
  const target = await scopeOf(db, scope);
  const startedAt = run.startedAt.getTime();
  const finishedAt = await commitTime(db, run.finishedAt.getTime());
  if (run.status === 'error') {
    const id = await insertRun(db, scanId, target, startedAt, finishedAt, 0, run.error);
    return {
      scopeRunId: id,
      resourcesSeen: 0,
      resourcesDeleted: 0,
      transitions: [],
      rowsWritten: 1,
      unchanged: false,
    };
  }
  const bundleVersion = await bundleOf(db, scanId);
  const kept = run.input?.kept;
  if (run.input && kept?.size) {
    // Only what is not kept is read, diffed and written: no digest of the full listing (keptDigest).
    const result = await applyOkRun(
      db,
      scanId,
      target,
      bundleVersion,
      run.resources,
      run.evaluations,
      startedAt,
      finishedAt,
      undefined,
      run.input.resources,
      kept,
    );
    const summary = await scopeSummary(db, target.id, run.resources.length);
    await keepInput(db, target.id, keptDigest(run.input.digest), { ...run.input, summary });
    return { ...result, summary };
  }
  const digest = scopeDigest(bundleVersion, run.resources, run.evaluations);
  if (target.digest === digest) {
    await keepInput(db, target.id, digest, run.input);
    return {
      scopeRunId: await insertRun(db, scanId, target, startedAt, finishedAt, run.resources.length),
      resourcesSeen: run.resources.length,
      resourcesDeleted: 0,
      transitions: [],
      rowsWritten: 0,
      unchanged: true,
    };
  }
  const result = await applyOkRun(
    db,
    scanId,
    target,
    bundleVersion,
    run.resources,
    run.evaluations,
    startedAt,
    finishedAt,
    undefined,
    run.input?.resources,
  );
  await keepInput(db, target.id, digest, run.input);
  return result;
}

/** The scope's new state: its digest, and the input digest and summary of the run that set it. */
async function keepInput(
  db: Db,
  scopeId: number,
  digest: string,
  input: ScopeInput | undefined,
): Promise<void> {
  await db.exec(
    `UPDATE scopes SET digest = $1, input_digest = $2, input_summary = $3
     WHERE id = $4 AND (digest IS DISTINCT FROM $1 OR input_digest IS DISTINCT FROM $2
       OR input_summary IS DISTINCT FROM $3)`,
    [digest, input?.digest ?? null, input ? JSON.stringify(input.summary) : null, scopeId],
  );
}

/** Valid only while the scope's digest is: anything that clears the digest voids the input digest. */
export async function recordUnchangedScopeRun(
  db: Db,
  scanId: number,
  scope: ScopeRef,
  run: UnchangedScopeRun,
): Promise<{ result: ScopeRunResult; summary: ScopeRunSummary } | undefined> {
  await db.lock('scope-runs');
  const kept = await db.one<{ id: number; summary: string }>(
    'SELECT id, input_summary AS summary FROM scopes WHERE key = $1 AND digest IS NOT NULL AND input_digest = $2',
    [scope.key, run.inputDigest],
  );
  if (!kept) return undefined;
  await bundleOf(db, scanId);
  const summary = JSON.parse(kept.summary) as ScopeRunSummary;
  const target: Target = { id: kept.id, key: scope.key, digest: null };
  const finishedAt = await commitTime(db, run.finishedAt.getTime());
  const scopeRunId = await insertRun(
    db,
    scanId,
    target,
    run.startedAt.getTime(),
    finishedAt,
    summary.resources,
  );
  return unchangedRunOutcome(scopeRunId, summary);
}

export async function reusableEvaluations(
  db: Db,
  scopeKey: string,
  hashes: ReadonlyMap<string, string>,
): Promise<ReusedEvaluations> {
  const out: ReusedEvaluations = { resources: new Set(), evaluations: [] };
  const rows = await db.query<ReusableRow>(
    `SELECT r.resource_id AS "resourceId", r.definition, r.input_hash AS "inputHash", ru.rule_id AS "ruleId", f.status, f.message
     FROM scopes s JOIN resources r ON r.scope_id = s.id
       LEFT JOIN findings f ON f.resource_key = r.id LEFT JOIN rules ru ON ru.id = f.rule_key
     WHERE s.key = $1 AND r.deleted_at IS NULL AND r.input_hash IS NOT NULL`,
    [scopeKey],
  );
  for (const row of rows) collectReusable(out, row, hashes);
  return out;
}

export async function unchangedResources(
  db: Db,
  scopeKey: string,
  hashes: ReadonlyMap<string, string>,
): Promise<Set<string>> {
  const rows = await db.query<{ resourceId: string; definition: string; inputHash: string }>(
    `SELECT r.resource_id AS "resourceId", r.definition, r.input_hash AS "inputHash"
     FROM scopes s JOIN resources r ON r.scope_id = s.id
     WHERE s.key = $1 AND r.deleted_at IS NULL AND r.input_hash IS NOT NULL`,
    [scopeKey],
  );
  return unchangedIdentities(rows, hashes);
}

export async function inputDigests(db: Db, scopeKeys: readonly string[]): Promise<Map<string, string>> {
  const rows = await db.query<{ key: string; digest: string }>(
    `SELECT key, input_digest AS digest FROM scopes
     WHERE digest IS NOT NULL AND input_digest IS NOT NULL AND key = ANY($1::text[])`,
    [[...scopeKeys]],
  );
  return new Map(rows.map((r) => [r.key, r.digest]));
}

/** A delta changes the scope's state outside a full listing: its digest no longer describes it. */
export async function recordScopeDelta(
  db: Db,
  scanId: number,
  scope: ScopeRef,
  delta: ScopeDelta,
): Promise<ScopeRunResult> {
  await db.lock('scope-runs');
  const target = await scopeOf(db, scope);
  const result = await applyOkRun(
    db,
    scanId,
    target,
    await bundleOf(db, scanId),
    delta.changed,
    delta.evaluations,
    delta.startedAt.getTime(),
    await commitTime(db, delta.finishedAt.getTime()),
    deltaSelection(delta),
  );
  await forgetDigests(db, [target.id]);
  return result;
}

async function scopeOf(db: Db, scope: ScopeRef): Promise<Target> {
  const found = await db.one<{ id: number; digest: string | null }>(
    'SELECT id, digest FROM scopes WHERE key = $1',
    [scope.key],
  );
  if (found) return { ...found, key: scope.key };
  const inserted = await db.one<{ id: number }>(
    'INSERT INTO scopes (key, provider, account, region, service) VALUES ($1, $2, $3, $4, $5) RETURNING id',
    [scope.key, scope.provider, scope.account, scope.region, scope.service],
  );
  return { id: inserted!.id, key: scope.key, digest: null };
}

/**
 * The time a scope run is recorded at, never earlier than a run already committed: processes read
 * their clocks before waiting for the scope-run lock, and history intervals must not close before
 * they opened. Read after taking the lock, so every earlier run is committed and visible.
 */
async function commitTime(db: Db, finishedAt: number): Promise<number> {
  const last = (await db.one<{ t: number | null }>('SELECT max(finished_at) AS t FROM scope_runs'))?.t ?? 0;
  return Math.max(finishedAt, last);
}

async function bundleOf(db: Db, scanId: number): Promise<string> {
  const row = await db.one<{ v: string }>('SELECT bundle_version AS v FROM scans WHERE id = $1', [scanId]);
  if (row === undefined) throw new StoreError('invalid', `scan ${scanId} does not exist`);
  return row.v;
}

/** Records the run row; one per (scan, scope), so a duplicated job is refused before it writes anything. */
async function insertRun(
  db: Db,
  scanId: number,
  target: Target,
  startedAt: number,
  finishedAt: number,
  resources: number,
  error?: string,
): Promise<number> {
  const row = await db.one<{ id: number }>(
    `INSERT INTO scope_runs (scan_id, scope_id, status, error, started_at, finished_at, resources)
     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (scan_id, scope_id) DO NOTHING RETURNING id`,
    [
      scanId,
      target.id,
      error === undefined ? 'ok' : 'error',
      error ?? null,
      startedAt,
      finishedAt,
      resources,
    ],
  );
  if (!row) throw duplicateRun(target.key, scanId);
  return row.id;
}

export const duplicateRun = (scopeKey: string, scanId: number): StoreError =>
  new StoreError(
    'conflict',
    `scope ${scopeKey} is already recorded in scan ${scanId} (a duplicated job?); nothing of this run was stored`,
  );

async function forgetDigests(db: Db, scopeIds: number[]): Promise<void> {
  if (scopeIds.length)
    await db.exec('UPDATE scopes SET digest = NULL WHERE id = ANY($1::bigint[]) AND digest IS NOT NULL', [
      scopeIds,
    ]);
}

async function applyOkRun(
  db: Db,
  scanId: number,
  target: Target,
  bundleVersion: string,
  resources: readonly Resource[],
  evaluations: readonly Evaluation[],
  startedAt: number,
  finishedAt: number,
  selection?: ReturnType<typeof deltaSelection>,
  inputHashes?: ReadonlyMap<string, string>,
  kept?: ReadonlySet<string>,
): Promise<ScopeRunResult> {
  const scopeRunId = await insertRun(db, scanId, target, startedAt, finishedAt, resources.length);
  const listing = readListing(target.id, resources, kept);
  const current = selection
    ? await selectedResources(db, target.id, selection)
    : await scopeResources(db, target.id);
  if (kept) {
    const stale = takeKept(current, kept, inputHashes);
    if (stale.length) throw new KeptResourcesChanged(target.key, stale);
  }
  const elsewhere = new Map<string, ElsewhereResource>();
  const takenFrom = new Set<number>();
  for (const chunk of batches(otherIdentities(listing, current))) {
    const rows = await db.query<ElsewhereResource & { scopeId: number }>(
      `SELECT ${RESOURCE_COLUMNS}, deleted_at AS "deletedAt", scope_id AS "scopeId"
       FROM resources JOIN unnest($1::text[], $2::text[]) AS k(rid, def) ON resource_id = k.rid AND definition = k.def`,
      [chunk.map((c) => c.resourceId), chunk.map((c) => c.definition)],
    );
    for (const row of rows) {
      elsewhere.set(identity(row.resourceId, row.definition), row);
      // taken over from another scope: that scope's state changes without a run of its own
      if (row.deletedAt === null && row.scopeId !== target.id) takenFrom.add(row.scopeId);
    }
  }
  await forgetDigests(db, [...takenFrom]);

  const plan = planResources(listing, current, elsewhere);
  let rows = await applyResources(db, plan, target.id, scanId, finishedAt);
  for (const chunk of batches(inputHashChanges(plan, current, elsewhere, inputHashes)))
    await db.exec(
      `UPDATE resources SET input_hash = k.hash FROM unnest($1::bigint[], $2::text[]) AS k(key, hash)
       WHERE resources.id = k.key`,
      [chunk.map((c) => c.key), chunk.map((c) => c.hash)],
    );

  // Current findings of the resources listed now (including ones that just moved into this scope)
  // and of the gone ones (still live in this scope until applyDeletions).
  const findings =
    selection || kept
      ? await findingsOfKeys(db, [...plan.changes.map((c) => c.key!), ...plan.gone.map((g) => g.key)])
      : await scopeFindings(db, target.id);
  const findingPlan = planFindings(plan, evaluations, findings, await db.rules());
  if (findingPlan.pendingCauses.length) {
    const bundles = new Map<string, string>();
    for (const chunk of batches(findingPlan.pendingCauses)) {
      const open = await db.query<{ resourceKey: number; ruleKey: number; v: string }>(
        `SELECT o.resource_key AS "resourceKey", o.rule_key AS "ruleKey", o.bundle_version AS v
         FROM finding_open o JOIN unnest($1::bigint[], $2::bigint[]) AS k(rk, uk) ON o.resource_key = k.rk AND o.rule_key = k.uk`,
        [chunk.map((p) => p.change.resourceKey), chunk.map((p) => p.change.ruleKey)],
      );
      for (const o of open) bundles.set(pairKey(o.resourceKey, o.ruleKey), o.v);
    }
    settleCauses(findingPlan, bundles, bundleVersion);
  }
  rows += await applyFindings(db, findingPlan, scanId, finishedAt, bundleVersion);
  rows += await applyDeletions(db, plan.gone, finishedAt);
  await applyRollups(db, findingPlan.rollups, dayOf(finishedAt));
  return {
    scopeRunId,
    resourcesSeen: resources.length,
    resourcesDeleted: plan.gone.length,
    transitions: findingPlan.transitions,
    rowsWritten: rows,
    unchanged: false,
  };
}

/** The scope's counts: its live resources' current findings by status (after a run: the run's). */
async function scopeSummary(db: Db, scopeId: number, resources: number): Promise<ScopeRunSummary> {
  return summaryFromCounts(
    resources,
    await db.query<{ status: EvalStatus; n: string }>(
      `SELECT f.status, count(*) AS n FROM resources r JOIN findings f ON f.resource_key = r.id
       WHERE r.scope_id = $1 AND r.deleted_at IS NULL GROUP BY f.status`,
      [scopeId],
    ),
  );
}

async function scopeResources(db: Db, scopeId: number): Promise<Map<string, StoredResource>> {
  const current = new Map<string, StoredResource>();
  for (const r of await db.query<StoredResource>(
    `SELECT ${RESOURCE_COLUMNS} FROM resources WHERE scope_id = $1 AND deleted_at IS NULL`,
    [scopeId],
  ))
    current.set(identity(r.resourceId, r.definition), r);
  return current;
}

async function selectedResources(
  db: Db,
  scopeId: number,
  selection: ReturnType<typeof deltaSelection>,
): Promise<Map<string, StoredResource>> {
  const current = new Map<string, StoredResource>();
  for (const ids of batches([...selection.ids])) {
    for (const r of await db.query<StoredResource>(
      `SELECT ${RESOURCE_COLUMNS} FROM resources WHERE resource_id = ANY($1::text[]) AND scope_id = $2 AND deleted_at IS NULL`,
      [ids, scopeId],
    ))
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

async function scopeFindings(db: Db, scopeId: number): Promise<Map<number, Map<number, StoredFinding>>> {
  return group(
    await db.query<FindingRowDb>(
      `SELECT f.resource_key AS "resourceKey", f.rule_key AS "ruleKey", f.status, f.message
       FROM findings f JOIN resources r ON r.id = f.resource_key WHERE r.scope_id = $1 AND r.deleted_at IS NULL`,
      [scopeId],
    ),
  );
}

async function findingsOfKeys(db: Db, keys: number[]): Promise<Map<number, Map<number, StoredFinding>>> {
  const out = new Map<number, Map<number, StoredFinding>>();
  for (const chunk of batches(keys))
    group(
      await db.query<FindingRowDb>(
        `SELECT resource_key AS "resourceKey", rule_key AS "ruleKey", status, message FROM findings
         WHERE resource_key = ANY($1::bigint[])`,
        [chunk],
      ),
      out,
    );
  return out;
}

/** Inserts, updates and re-versions the listed resources; sets the key of each inserted one. */
async function applyResources(
  db: Db,
  plan: ResourcePlan,
  scopeId: number,
  scanId: number,
  at: number,
): Promise<number> {
  let rows = 0;
  // config blobs, once per hash
  const blobs = new Map<string, string>();
  for (const c of plan.changes) if (c.newVersion) blobs.set(c.listed.hash, c.listed.json);
  for (const chunk of batches([...blobs], 2_000)) {
    rows += await db.exec(
      `INSERT INTO config_blobs (hash, body) SELECT * FROM unnest($1::text[], $2::bytea[]) ON CONFLICT (hash) DO NOTHING`,
      [chunk.map(([hash]) => hash), chunk.map(([, json]) => deflateRawSync(json))],
    );
  }

  const inserts = plan.changes.filter((c) => c.insert);
  for (const chunk of batches(inserts)) {
    const keys = await db.query<{ id: number; rid: string; def: string }>(
      `INSERT INTO resources (resource_id, definition, type, provider, account, region, name, scope_id, tags, source_file,
                              source_line, first_seen, config_hash)
       SELECT rid, def, type, provider, account, region, name, $1, tags, file, line, $2, hash
       FROM unnest($3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[],
                   $11::text[], $12::int[], $13::text[])
         AS u(rid, def, type, provider, account, region, name, tags, file, line, hash)
       RETURNING id, resource_id AS rid, definition AS def`,
      [
        scopeId,
        at,
        chunk.map((c) => c.listed.resource.id),
        chunk.map((c) => c.listed.definition),
        chunk.map((c) => c.listed.resource.type),
        chunk.map((c) => c.listed.resource.provider),
        chunk.map((c) => c.listed.resource.account),
        chunk.map((c) => c.listed.resource.region),
        chunk.map((c) => c.listed.resource.name),
        chunk.map((c) => c.listed.tags),
        chunk.map((c) => c.listed.sourceFile),
        chunk.map((c) => c.listed.sourceLine),
        chunk.map((c) => c.listed.hash),
      ],
    );
    const byIdentity = new Map(chunk.map((c) => [c.listed.identity, c]));
    for (const k of keys) byIdentity.get(identity(k.rid, k.def))!.key = k.id;
    rows += keys.length;
  }

  const reversioned = plan.changes.filter((c) => c.newVersion && !c.insert).map((c) => c.key!);
  for (const chunk of batches(reversioned))
    rows += await db.exec(
      'UPDATE resource_versions SET valid_to = $1 WHERE resource_key = ANY($2::bigint[]) AND valid_to IS NULL',
      [at, chunk],
    );
  const versions = plan.changes.filter((c) => c.newVersion);
  for (const chunk of batches(versions))
    rows += await db.exec(
      `INSERT INTO resource_versions (resource_key, hash, valid_from, scan_id)
       SELECT k, h, $1, $2 FROM unnest($3::bigint[], $4::text[]) AS u(k, h)`,
      [at, scanId, chunk.map((c) => c.key!), chunk.map((c) => c.listed.hash)],
    );

  const updates = plan.changes.filter((c) => c.update);
  for (const chunk of batches(updates))
    rows += await db.exec(
      `UPDATE resources r SET type = u.type, account = u.account, region = u.region, name = u.name, scope_id = $1,
              tags = u.tags, source_file = u.file, source_line = u.line, deleted_at = NULL, config_hash = u.hash
       FROM unnest($2::bigint[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::int[],
                   $10::text[]) AS u(key, type, account, region, name, tags, file, line, hash)
       WHERE r.id = u.key`,
      [
        scopeId,
        chunk.map((c) => c.key!),
        chunk.map((c) => c.listed.resource.type),
        chunk.map((c) => c.listed.resource.account),
        chunk.map((c) => c.listed.resource.region),
        chunk.map((c) => c.listed.resource.name),
        chunk.map((c) => c.listed.tags),
        chunk.map((c) => c.listed.sourceFile),
        chunk.map((c) => c.listed.sourceLine),
        chunk.map((c) => c.listed.hash),
      ],
    );
  return rows;
}

/** Closes the open intervals of these pairs: moved from finding_open into this month's closed partition. */
async function closeIntervals(
  db: Db,
  pairs: readonly { resourceKey: number; ruleKey: number }[],
  at: number,
  scanId: number,
): Promise<number> {
  if (pairs.length === 0) return 0;
  await ensureClosedPartition(db, at);
  let rows = 0;
  for (const chunk of batches(pairs))
    rows += await db.exec(
      `WITH closed AS (
         DELETE FROM finding_open o USING unnest($1::bigint[], $2::bigint[]) AS k(rk, uk)
         WHERE o.resource_key = k.rk AND o.rule_key = k.uk
         RETURNING o.*)
       INSERT INTO finding_closed (resource_key, rule_key, status, message, valid_from, valid_to, opened_scan, closed_scan,
                                   bundle_version, cause)
       SELECT resource_key, rule_key, status, message, valid_from, $3, opened_scan, $4, bundle_version, cause FROM closed`,
      [chunk.map((p) => p.resourceKey), chunk.map((p) => p.ruleKey), at, scanId],
    );
  return rows;
}

async function applyFindings(
  db: Db,
  plan: FindingPlan,
  scanId: number,
  at: number,
  bundleVersion: string,
): Promise<number> {
  let rows = await closeIntervals(
    db,
    [...plan.changes.filter((c) => c.closePrevious), ...plan.closed],
    at,
    scanId,
  );
  for (const chunk of batches(plan.changes)) {
    const params = [
      chunk.map((c) => c.resourceKey),
      chunk.map((c) => c.ruleKey),
      chunk.map((c) => c.status),
      chunk.map((c) => c.message),
    ];
    rows += await db.exec(
      `INSERT INTO finding_open (resource_key, rule_key, status, message, valid_from, opened_scan, bundle_version, cause)
       SELECT rk, uk, st, msg, $5, $6, $7, cause FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $8::text[])
         AS u(rk, uk, st, msg, cause)`,
      [...params, at, scanId, bundleVersion, chunk.map((c) => c.cause)],
    );
    rows += await db.exec(
      `INSERT INTO findings (resource_key, rule_key, status, message, since, opened_scan)
       SELECT rk, uk, st, msg, $5, $6 FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[]) AS u(rk, uk, st, msg)
       ON CONFLICT (resource_key, rule_key) DO UPDATE SET status = excluded.status, message = excluded.message,
         since = excluded.since, opened_scan = excluded.opened_scan`,
      [...params, at, scanId],
    );
  }
  for (const chunk of batches(plan.messages))
    rows += await db.exec(
      `UPDATE findings f SET message = u.msg FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS u(rk, uk, msg)
       WHERE f.resource_key = u.rk AND f.rule_key = u.uk`,
      [chunk.map((m) => m.resourceKey), chunk.map((m) => m.ruleKey), chunk.map((m) => m.message)],
    );
  for (const chunk of batches(plan.closed))
    rows += await db.exec(
      `DELETE FROM findings f USING unnest($1::bigint[], $2::bigint[]) AS u(rk, uk)
       WHERE f.resource_key = u.rk AND f.rule_key = u.uk`,
      [chunk.map((c) => c.resourceKey), chunk.map((c) => c.ruleKey)],
    );
  return rows;
}

async function applyDeletions(db: Db, gone: readonly StoredResource[], at: number): Promise<number> {
  let rows = 0;
  for (const chunk of batches(gone.map((g) => g.key))) {
    rows += await db.exec('UPDATE resources SET deleted_at = $1 WHERE id = ANY($2::bigint[])', [at, chunk]);
    rows += await db.exec(
      'UPDATE resource_versions SET valid_to = $1 WHERE resource_key = ANY($2::bigint[]) AND valid_to IS NULL',
      [at, chunk],
    );
  }
  return rows;
}

async function applyRollups(db: Db, rollups: readonly RollupDelta[], day: string): Promise<void> {
  if (rollups.length === 0) return;
  const params = [
    rollups.map((c) => c.ruleKey),
    rollups.map((c) => c.account),
    rollups.map((c) => c.pass),
    rollups.map((c) => c.fail),
    rollups.map((c) => c.error),
  ];
  await db.exec(
    `INSERT INTO current_counts (rule_key, account, pass, fail, error)
     SELECT * FROM unnest($1::bigint[], $2::text[], $3::int[], $4::int[], $5::int[])
     ON CONFLICT (rule_key, account) DO UPDATE SET pass = current_counts.pass + excluded.pass,
       fail = current_counts.fail + excluded.fail, error = current_counts.error + excluded.error`,
    params,
  );
  await db.exec(
    `INSERT INTO trend_daily (day, rule_key, account, pass, fail, error)
     SELECT $1, c.rule_key, c.account, c.pass, c.fail, c.error
     FROM current_counts c JOIN unnest($2::bigint[], $3::text[]) AS u(rk, acc) ON c.rule_key = u.rk AND c.account = u.acc
     ON CONFLICT (day, rule_key, account) DO UPDATE SET pass = excluded.pass, fail = excluded.fail, error = excluded.error`,
    [day, params[0], params[1]],
  );
}
