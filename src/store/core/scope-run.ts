/**
 * The scope-run diff, shared by every backend: given a scope's stored resources and findings and a
 * new listing with its evaluations, what to write. A backend records a run in phases, inside one
 * transaction:
 *
 *   1. readListing: validate and address the listing (identity, canonical config and its hash);
 *   2. load the scope's live resources (or, for a delta, those it names: deltaSelection), and the
 *      listed identities not among them (deleted, or moved from another scope): otherIdentities;
 *   3. planResources → resources to insert, update, re-version; the resources gone. Apply it,
 *      setting the key of each inserted resource on its change;
 *   4. load the current findings of the listed and gone resources;
 *   5. planFindings → intervals to close and open, findings to upsert, re-message and delete,
 *      transitions and rollup deltas. Changes whose cause depends on the bundle that opened the
 *      previous interval are listed in `pendingCauses`: load those bundles and call settleCauses;
 *   6. apply the finding plan, the deletions and the rollups, and record the scope run.
 *
 * Every function here is pure (no I/O, no clock): the same inputs give the same plan on every
 * backend.
 */
import type { EvalStatus, Evaluation, Resource } from '../../types.js';
import { definitionOf } from '../../types.js';
import { canonicalJson, contentHash } from '../canonical.js';
import { StoreError } from '../errors.js';
import type { ScopeDelta, ScopeRunResult, ScopeRunSummary, Transition } from '../model.js';

/** A stored resource's identity: its id and its definition (docs/decisions/0005). */
export const identity = (resourceId: string, definition: string | undefined): string =>
  `${resourceId}\u0000${definition ?? ''}`;

/** A resource as stored (tags as canonical JSON text). */
export interface StoredResource {
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
  /** The input hash its current findings were evaluated from (src/scan/input-digest.ts), if known. */
  inputHash?: string | null;
}

/**
 * The input hashes to keep after a run: each listed resource's (or null when the run gave none),
 * where it differs from the stored one. Keeping a hash says "the resource's current findings are
 * the evaluation of this input", so every run that writes a resource's findings sets or clears it.
 */
export function inputHashChanges(
  plan: ResourcePlan,
  current: ReadonlyMap<string, StoredResource>,
  elsewhere: ReadonlyMap<string, StoredResource>,
  hashes: ReadonlyMap<string, string> | undefined,
): { key: number; hash: string | null }[] {
  const out: { key: number; hash: string | null }[] = [];
  for (const change of plan.changes) {
    const id = change.listed.identity;
    const stored = (current.get(id) ?? elsewhere.get(id))?.inputHash ?? null;
    const wanted = hashes?.get(id) ?? null;
    if (stored !== wanted && change.key !== undefined) out.push({ key: change.key, hash: wanted });
  }
  return out;
}

/** A live resource of the scope with its kept input hash, joined with one of its current findings (if any). */
export interface ReusableRow {
  resourceId: string;
  definition: string;
  inputHash: string;
  ruleId: string | null;
  status: EvalStatus | null;
  message: string | null;
}

/** Adds a row to the reusable evaluations when its resource's input hash is the one given. */
export function collectReusable(
  out: { resources: Set<string>; evaluations: Evaluation[] },
  row: ReusableRow,
  hashes: ReadonlyMap<string, string>,
): void {
  const id = identity(row.resourceId, row.definition);
  if (hashes.get(id) !== row.inputHash) return;
  out.resources.add(id);
  if (row.ruleId === null || row.status === null) return;
  out.evaluations.push({
    resourceId: row.resourceId,
    ruleId: row.ruleId,
    status: row.status,
    message: row.message ?? '',
    ...(row.definition ? { definition: row.definition } : {}),
  });
}

/** The identities of rows (a scope's live resources) whose input hash is the one given. */
export function unchangedIdentities(
  rows: Iterable<{ resourceId: string; definition: string; inputHash: string }>,
  hashes: ReadonlyMap<string, string>,
): Set<string> {
  const out = new Set<string>();
  for (const row of rows) {
    const id = identity(row.resourceId, row.definition);
    if (hashes.get(id) === row.inputHash) out.add(id);
  }
  return out;
}

/** A stored resource found outside the scope's live set: deleted (deletedAt set) or live in another scope. */
export interface ElsewhereResource extends StoredResource {
  deletedAt: number | null;
}

export interface StoredFinding {
  ruleKey: number;
  status: EvalStatus;
  message: string;
}

/** A listed resource, validated and addressed. */
export interface ListedResource {
  identity: string;
  resource: Resource;
  definition: string;
  /** Canonical JSON of the configuration, and its content hash (the blob key). */
  json: string;
  hash: string;
  tags: string;
  sourceFile: string | null;
  sourceLine: number | null;
}

/** What happens to one listed resource. */
export interface ResourceChange {
  listed: ListedResource;
  /** The stored row; set by the backend after inserting a new one. */
  key: number | undefined;
  /** Not stored yet: insert a row (first seen now). */
  insert: boolean;
  /** Stored: write its fields (type, account, region, name, scope, tags, source, config hash; clears deletion). */
  update: boolean;
  /** Store the config blob, close the open version (if any) and open one now. */
  newVersion: boolean;
  configChanged: boolean;
  /** New to the inventory, or back after deletion: its findings open with cause `new`. */
  isNew: boolean;
}

export interface ResourcePlan {
  /** In listing order. */
  changes: ResourceChange[];
  /** Stored resources of the selection the listing no longer has: deleted now. */
  gone: StoredResource[];
}

/** Why a status interval opened (a transition's cause, except `deleted`, which opens none). */
export type IntervalCause = Exclude<Transition['cause'], 'deleted'>;

/** A finding whose status changes: the open interval (if `closePrevious`) closes and a new one opens. */
export interface StatusChange {
  resourceKey: number;
  ruleKey: number;
  status: EvalStatus;
  message: string;
  closePrevious: boolean;
  /** Set by planFindings, or by settleCauses when it is listed in pendingCauses. */
  cause: IntervalCause;
}

/** Per rule and account: how the current counts move. */
export interface RollupDelta {
  ruleKey: number;
  account: string;
  pass: number;
  fail: number;
  error: number;
}

export interface FindingPlan {
  /** Status changes, in evaluation order. */
  changes: StatusChange[];
  /** Same status, new message: only the current finding's message changes. */
  messages: { resourceKey: number; ruleKey: number; message: string }[];
  /** Findings that end: the rule no longer applies (or was removed), or the resource is gone. */
  closed: { resourceKey: number; ruleKey: number }[];
  transitions: Transition[];
  /** Non-zero deltas only. */
  rollups: RollupDelta[];
  /** Changes whose cause is `bundle` or `rule` depending on the bundle of their open interval. */
  pendingCauses: { change: StatusChange; transition: Transition }[];
}

/** Rule ids and their surrogate keys, as the backend knows them. */
export interface RuleKeys {
  keyOf(ruleId: string): number | undefined;
  idOf(ruleKey: number): string;
}

/**
 * Validates a scope run's listing and computes what the store keys on. The `kept` resources
 * (ScopeInput.kept) are validated but left out: nothing of theirs is serialised or written.
 */
export function readListing(
  scopeLabel: string | number,
  resources: readonly Resource[],
  kept?: ReadonlySet<string>,
): ListedResource[] {
  const seen = new Set<string>();
  const out: ListedResource[] = [];
  for (const resource of resources) {
    if (
      typeof resource.id !== 'string' ||
      !resource.id ||
      typeof resource.type !== 'string' ||
      !resource.type
    ) {
      throw new StoreError('invalid', `a resource in scope ${scopeLabel} has an empty id or type`);
    }
    const definition = definitionOf(resource);
    const key = identity(resource.id, definition);
    if (seen.has(key))
      throw new StoreError(
        'invalid',
        `resource ${resource.id}${definition ? ` (${definition})` : ''} is listed twice in one scope run`,
      );
    seen.add(key);
    if (kept?.has(key)) continue;
    const json = canonicalJson(resource.config);
    out.push({
      identity: key,
      resource,
      definition,
      json,
      hash: contentHash(json),
      tags: canonicalJson(resource.tags ?? {}),
      sourceFile: resource.source?.file ?? null,
      sourceLine: resource.source?.line ?? null,
    });
  }
  if (kept && seen.size - out.length !== kept.size)
    throw new StoreError('invalid', `scope run ${scopeLabel}: a resource given as kept is not listed`);
  return out;
}

/**
 * Takes the kept resources (ScopeInput.kept) out of the scope's live ones, so the diff sees only
 * the rest: returns the identities among them whose stored input hash is not the given one (not
 * live in the scope, or changed by another run since the caller looked); the run must not go on.
 */
export function takeKept(
  current: Map<string, StoredResource>,
  kept: ReadonlySet<string>,
  hashes: ReadonlyMap<string, string> | undefined,
): string[] {
  const stale: string[] = [];
  for (const id of kept) {
    const stored = current.get(id);
    const wanted = hashes?.get(id);
    if (!stored || wanted === undefined || stored.inputHash !== wanted) stale.push(id);
    else current.delete(id);
  }
  return stale;
}

/** A scope's summary from the counts of its current findings by status. */
export function summaryFromCounts(
  resources: number,
  counts: Iterable<{ status: EvalStatus; n: number | string }>,
): ScopeRunSummary {
  const summary: ScopeRunSummary = { resources, evaluations: 0, pass: 0, fail: 0, error: 0 };
  for (const { status, n } of counts) {
    summary[status] += Number(n);
    summary.evaluations += Number(n);
  }
  return summary;
}

/**
 * What a run with kept resources stores as the scope's digest: not a digest of the full listing
 * (computing one would read every kept resource's findings), and never equal to one (those are
 * hex), so a later full run takes the full diff once; while set, it marks the scope's state as
 * described by its input digest, as any digest does.
 */
export const keptDigest = (inputDigest: string): string => `kept:${inputDigest}`;

/**
 * The stored resources a delta is about: of the ids it names (changed or deleted), the listed
 * definitions and every definition of a deleted id.
 */
export function deltaSelection(delta: Pick<ScopeDelta, 'changed' | 'deleted'>): {
  ids: Set<string>;
  keep: (resourceId: string, definition: string) => boolean;
} {
  const changed = new Set(delta.changed.map((r) => identity(r.id, definitionOf(r))));
  const deleted = new Set(delta.deleted);
  return {
    ids: new Set([...delta.changed.map((r) => r.id), ...delta.deleted]),
    keep: (id, definition) => changed.has(identity(id, definition)) || deleted.has(id),
  };
}

/** The listed resources not among the scope's live ones: look these up by identity anywhere. */
export function otherIdentities(
  listing: readonly ListedResource[],
  current: ReadonlyMap<string, StoredResource>,
): { resourceId: string; definition: string }[] {
  return listing
    .filter((l) => !current.has(l.identity))
    .map((l) => ({ resourceId: l.resource.id, definition: l.definition }));
}

/** `current` and `elsewhere` are keyed by identity(). */
export function planResources(
  listing: readonly ListedResource[],
  current: ReadonlyMap<string, StoredResource>,
  elsewhere: ReadonlyMap<string, ElsewhereResource>,
): ResourcePlan {
  const remaining = new Map(current);
  const changes = listing.map((listed): ResourceChange => {
    const r = listed.resource;
    const known = remaining.get(listed.identity);
    if (known) {
      remaining.delete(listed.identity);
      const configChanged = known.hash !== listed.hash;
      return {
        listed,
        key: known.key,
        insert: false,
        update:
          configChanged ||
          known.type !== r.type ||
          known.account !== r.account ||
          known.region !== r.region ||
          known.name !== r.name ||
          known.tags !== listed.tags ||
          known.sourceFile !== listed.sourceFile ||
          known.sourceLine !== listed.sourceLine,
        newVersion: configChanged,
        configChanged,
        isNew: false,
      };
    }
    const other = elsewhere.get(listed.identity);
    if (other) {
      // reappearing after deletion, or moved here from another scope
      const configChanged = other.hash !== listed.hash || other.deletedAt !== null;
      return {
        listed,
        key: other.key,
        insert: false,
        update: true,
        newVersion: configChanged,
        configChanged,
        isNew: other.deletedAt !== null,
      };
    }
    return {
      listed,
      key: undefined,
      insert: true,
      update: false,
      newVersion: true,
      configChanged: true,
      isNew: true,
    };
  });
  return { changes, gone: [...remaining.values()] };
}

class Rollups {
  private readonly counts = new Map<string, RollupDelta>();

  add(ruleKey: number, account: string, status: EvalStatus | null, delta: number): void {
    if (!status) return;
    const id = `${ruleKey}\u0000${account}`;
    let entry = this.counts.get(id);
    if (!entry) this.counts.set(id, (entry = { ruleKey, account, pass: 0, fail: 0, error: 0 }));
    entry[status] += delta;
  }

  nonZero(): RollupDelta[] {
    return [...this.counts.values()].filter((c) => c.pass !== 0 || c.fail !== 0 || c.error !== 0);
  }
}

/**
 * The finding changes of a run. `findings` holds the current findings of the listed resources
 * (by their keys, all set by now) and of the gone ones.
 */
export function planFindings(
  plan: ResourcePlan,
  evaluations: readonly Evaluation[],
  findings: ReadonlyMap<number, ReadonlyMap<number, StoredFinding>>,
  rules: RuleKeys,
): FindingPlan {
  const out: FindingPlan = {
    changes: [],
    messages: [],
    closed: [],
    transitions: [],
    rollups: [],
    pendingCauses: [],
  };
  const rollups = new Rollups();
  const byIdentity = new Map<string, ResourceChange>();
  // An evaluation that names no definition belongs to the id's only definition in this run.
  const onlyDefinition = new Map<string, ResourceChange | null>();
  for (const change of plan.changes) {
    byIdentity.set(change.listed.identity, change);
    const id = change.listed.resource.id;
    onlyDefinition.set(id, onlyDefinition.has(id) ? null : change);
  }
  const keyOf = (change: ResourceChange) => {
    if (change.key === undefined)
      throw new Error(`resource ${change.listed.resource.id} has no stored key (insert it first)`);
    return change.key;
  };

  const evaluated = new Map<number, Set<number>>();
  // one copy of a resource's source for all its transitions (a first scan has one per rule)
  const sources = new Map<ResourceChange, Transition['source']>();
  const sourceOf = (change: ResourceChange) => {
    const source = change.listed.resource.source;
    if (!source) return undefined;
    let copy = sources.get(change);
    if (!copy) sources.set(change, (copy = { file: source.file, line: source.line }));
    return copy;
  };
  for (const evaluation of evaluations) {
    const change =
      byIdentity.get(identity(evaluation.resourceId, evaluation.definition)) ??
      (evaluation.definition === undefined
        ? (onlyDefinition.get(evaluation.resourceId) ?? undefined)
        : undefined);
    if (!change) {
      throw new StoreError(
        'invalid',
        `evaluation for resource ${evaluation.resourceId}, which is not listed in this scope run`,
      );
    }
    const ruleKey = rules.keyOf(evaluation.ruleId);
    if (ruleKey === undefined)
      throw new StoreError(
        'invalid',
        `evaluation for rule ${evaluation.ruleId}, which is not in the rule manifest (call rules.sync first)`,
      );
    const resourceKey = keyOf(change);
    let seen = evaluated.get(resourceKey);
    if (!seen) evaluated.set(resourceKey, (seen = new Set()));
    if (seen.has(ruleKey))
      throw new StoreError(
        'invalid',
        `two evaluations of rule ${evaluation.ruleId} on ${evaluation.resourceId}`,
      );
    seen.add(ruleKey);
    const before = findings.get(resourceKey)?.get(ruleKey);
    if (before && before.status === evaluation.status) {
      if (before.message !== evaluation.message)
        out.messages.push({ resourceKey, ruleKey, message: evaluation.message });
      continue;
    }
    let cause: IntervalCause = 'new';
    let pending = false;
    if (before) {
      if (change.configChanged) cause = 'config';
      else pending = true;
    } else if (!change.isNew) {
      cause = change.configChanged ? 'config' : 'new';
    }
    const status: StatusChange = {
      resourceKey,
      ruleKey,
      status: evaluation.status,
      message: evaluation.message,
      closePrevious: before !== undefined,
      cause,
    };
    out.changes.push(status);
    const account = change.listed.resource.account;
    rollups.add(ruleKey, account, before?.status ?? null, -1);
    rollups.add(ruleKey, account, evaluation.status, 1);
    const source = sourceOf(change);
    const transition: Transition = {
      resourceId: evaluation.resourceId,
      resourceType: change.listed.resource.type,
      ruleId: evaluation.ruleId,
      from: before?.status ?? null,
      to: evaluation.status,
      cause,
      message: evaluation.message,
      ...(source ? { source } : {}),
    };
    out.transitions.push(transition);
    if (pending) out.pendingCauses.push({ change: status, transition });
  }

  const close = (
    resourceKey: number,
    resourceId: string,
    type: string,
    account: string,
    ruleKey: number,
    f: StoredFinding,
    cause: 'rule' | 'deleted',
  ) => {
    out.closed.push({ resourceKey, ruleKey });
    rollups.add(ruleKey, account, f.status, -1);
    out.transitions.push({
      resourceId,
      resourceType: type,
      ruleId: rules.idOf(ruleKey),
      from: f.status,
      to: null,
      cause,
      message: '',
    });
  };

  // Rules that no longer apply to a listed resource (not applicable now, or removed from the bundle).
  for (const change of plan.changes) {
    const resourceKey = keyOf(change);
    const existing = findings.get(resourceKey);
    if (!existing) continue;
    const seen = evaluated.get(resourceKey);
    const r = change.listed.resource;
    for (const [ruleKey, f] of existing) {
      if (!seen?.has(ruleKey)) close(resourceKey, r.id, r.type, r.account, ruleKey, f, 'rule');
    }
  }

  // Resources the run no longer lists are gone, with every finding they had.
  for (const gone of plan.gone) {
    for (const [ruleKey, f] of findings.get(gone.key) ?? [])
      close(gone.key, gone.resourceId, gone.type, gone.account, ruleKey, f, 'deleted');
  }

  out.rollups = rollups.nonZero();
  return out;
}

/** Key of a (resource, rule) pair in the maps settleCauses reads. */
export const pairKey = (resourceKey: number, ruleKey: number): string => `${resourceKey}:${ruleKey}`;

/**
 * Decides the pending causes: `bundle` when the open interval was written under another rule
 * bundle than this run's, else `rule`. `openBundles` maps pairKey() to the bundle version of the
 * pair's open interval.
 */
export function settleCauses(
  plan: FindingPlan,
  openBundles: ReadonlyMap<string, string>,
  bundleVersion: string,
): void {
  for (const { change, transition } of plan.pendingCauses) {
    const previous = openBundles.get(pairKey(change.resourceKey, change.ruleKey));
    change.cause = transition.cause = previous !== bundleVersion ? 'bundle' : 'rule';
  }
  plan.pendingCauses = [];
}

/** The UTC day a time falls on: the key of the daily trend rollup. */
export const dayOf = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** What recording a scope run from its input digest alone returns: the run, no rows, the kept counts. */
export function unchangedRunOutcome(
  scopeRunId: number,
  summary: ScopeRunSummary,
): { result: ScopeRunResult; summary: ScopeRunSummary } {
  return {
    result: {
      scopeRunId,
      resourcesSeen: summary.resources,
      resourcesDeleted: 0,
      transitions: [],
      rowsWritten: 0,
      unchanged: true,
    },
    summary,
  };
}
