import type { CollectedScope, Collection } from '../types.js';
import { enrich } from '../enrich/index.js';
import type { LoadedBundle } from '../policy/bundle.js';
import type { PolicyEngine } from '../policy/engine.js';
import { GroupWindow } from '../policy/group-window.js';
import type { Notifier } from '../notify/alerts.js';
import { KeptResourcesChanged } from '../store/errors.js';
import type { ScansRepository, ScopeRunResult, ScopeRunSummary, Store, Transition } from '../store/index.js';
import type { EvalContext, Evaluation, Resource, RuleMeta, Severity } from '../types.js';
import { definitionOf, SEVERITIES } from '../types.js';
import { tooDeepMessage, tooDeepPath } from '../util/nesting.js';
import { combineExitCodes, EXIT, type ExitCode } from './exit-codes.js';
import { namespaceVersions, pssVersionFor } from './pss-version.js';
import { kubeVersionFor } from '../model/kube-version.js';
import { DEFAULT_SYSTEM_NAMESPACES } from './system-namespaces.js';
import { bundleKey, clockTypes, ScopeInputHasher } from './input-digest.js';

export interface ScopeOutcome {
  key: string;
  status: 'ok' | 'error' | 'partial';
  error?: string;
  resources: number;
  evaluations: number;
  transitions: Transition[];
}

export interface ScanOutcome {
  scanId: number;
  status: 'ok' | 'partial' | 'failed';
  bundleVersion: string;
  startedAt: Date;
  finishedAt: Date;
  scopes: ScopeOutcome[];
  /** Resource types present in the inventory that no rule in the bundle covers. */
  uncoveredTypes: string[];
  counts: { resources: number; pass: number; fail: number; error: number };
}

export interface ScanProgress {
  phase(name: string, total?: number): void;
  tick(n?: number): void;
  done(): void;
}

export interface ScanParams {
  store: Store;
  bundle: LoadedBundle;
  engine: PolicyEngine;
  collection: Collection;
  command: string;
  clock?: () => Date;
  progress?: ScanProgress;
  /** Queues alerts for status changes, in the same transaction as the changes. */
  notifier?: Notifier;
  /**
   * The Pod Security Standards version every Kubernetes workload is checked against ("latest" or
   * "v1.N"), instead of its namespace's pod-security.kubernetes.io/enforce-version label.
   */
  pssVersion?: string;
  /**
   * Checked before the evaluation and between scopes: once aborted, no further scope is recorded;
   * the scan is finished with what was recorded (each scope is its own transaction) and the call
   * rejects with the signal's reason.
   */
  signal?: AbortSignal;
  /**
   * The Kubernetes version API version rules check against ("latest" or "v1.N"), instead of each
   * live cluster's own (collection.clusters) or, without one, the newest the rules know.
   */
  kubeVersion?: string;
  /** Namespaces the workload hygiene rules skip (default DEFAULT_SYSTEM_NAMESPACES). */
  systemNamespaces?: readonly string[];
  /**
   * false: evaluate every scope, even one whose input digest matches its stored state (for
   * checking the shortcut; the results are the same). Default true.
   */
  reuseUnchanged?: boolean;
}

/** What every Kubernetes resource's context adds: versions and the system namespaces. */
interface K8sContext {
  pssVersion: (r: Resource) => string;
  kubeVersion: (r: Resource) => string;
  systemNamespaces: readonly string[];
}

function contextFor(resource: Resource, scopeKey: string, collectedAt: Date, k8s: K8sContext): EvalContext {
  return {
    now_ns: collectedAt.getTime() * 1e6,
    provider: resource.provider,
    account: resource.account,
    region: resource.region,
    scope: scopeKey,
    ...(resource.provider === 'k8s'
      ? {
          pss_version: k8s.pssVersion(resource),
          kube_version: k8s.kubeVersion(resource),
          system_namespaces: k8s.systemNamespaces,
        }
      : {}),
  };
}

/**
 * Why a resource cannot be evaluated: a collector marked it (`config.stance.unreadable`, an object
 * too deep to read), or its configuration nests past the bound (checked here too, for every source,
 * so nothing that serialises it for the engine or the store can overflow the stack).
 */
function unreadable(resource: Resource): string | undefined {
  const marked = (resource.config as { stance?: { unreadable?: unknown } } | null)?.stance?.unreadable;
  if (typeof marked === 'string') return marked;
  const deep = tooDeepPath(resource.config);
  return deep ? `config.${tooDeepMessage(deep)}` : undefined;
}

/** The resource as stored when it cannot be read: its identity and why. */
function withoutConfig(resource: Resource, reason: string): Resource {
  const config = resource.config as { apiVersion?: unknown; kind?: unknown } | null;
  return {
    ...resource,
    config: {
      ...(typeof config?.apiVersion === 'string' ? { apiVersion: config.apiVersion } : {}),
      ...(typeof config?.kind === 'string' ? { kind: config.kind } : {}),
      stance: { unreadable: reason },
    },
  };
}

/** An `error` for each rule of the resource's type: it was seen, but not evaluated. */
function unreadableEvaluations(resource: Resource, reason: string, rules: RuleMeta[]): Evaluation[] {
  const definition = definitionOf(resource);
  return rules
    .filter((r) => r.resourceTypes.includes(resource.type))
    .map((r) => ({
      resourceId: resource.id,
      ruleId: r.id,
      status: 'error' as const,
      message: `not evaluated: ${reason}`,
      ...(definition ? { definition } : {}),
    }));
}

/** A resource's identity in a scope: its id and the definition it came from (definitionOf). */
export const identityOf = (resourceId: string, definition: string | undefined) =>
  `${resourceId}\u0000${definition ?? ''}`;

/**
 * Evaluates items whose ids may repeat (several definitions of one object, kept apart by
 * definitionOf): the engine reports verdicts by resource id, so it sees one definition of an id
 * per call. Evaluations come back tagged with their definition.
 */
async function evaluateDefinitions(
  engine: PolicyEngine,
  items: { resource: Resource; context: EvalContext }[],
): Promise<Evaluation[]> {
  const passes: { resource: Resource; context: EvalContext }[][] = [];
  const seen = new Map<string, number>();
  for (const item of items) {
    const n = seen.get(item.resource.id) ?? 0;
    seen.set(item.resource.id, n + 1);
    (passes[n] ??= []).push(item);
  }
  const out: Evaluation[] = [];
  for (const pass of passes) {
    const definitions = new Map(pass.map((i) => [i.resource.id, definitionOf(i.resource)]));
    // tagged in place: a copy per evaluation would hold every verdict of the pass twice at once
    for (const e of await engine.evaluate(pass)) {
      const definition = definitions.get(e.resourceId);
      if (definition) e.definition = definition;
      out.push(e);
    }
  }
  return out;
}

export interface EvaluationOptions {
  /** The bundle's version, part of every scope's input digest. */
  bundleVersion?: string;
  pssVersion?: string;
  kubeVersion?: string;
  systemNamespaces?: readonly string[];
  /**
   * Per scope key, the input digest kept with the scope's stored state. A scope whose digest
   * matches keeps only its digest and resource count (its `work` is empty and it has no `enriched`
   * entry): a rescan holds no engine input or per-resource hashes for what did not change.
   */
  storedDigests?: ReadonlyMap<string, string>;
}

export interface PreparedEvaluation {
  /** What the engine evaluates: each readable resource, enriched, with its context. */
  items: { resource: Resource; context: EvalContext }[];
  /** `error` verdicts for the resources that cannot be evaluated (each applicable rule's). */
  notEvaluated: Evaluation[];
  /** Resource types present that no rule covers. */
  uncovered: Set<string>;
  /** Per scope that listed, its resources as stored (enriched; unreadable ones without config). */
  enriched: Map<CollectedScope, Resource[]>;
  /** Per scope that listed, how many resources it listed. */
  listed: Map<CollectedScope, number>;
  /** The scopes whose digest matched `storedDigests` (their `work` holds only the digest). */
  unchanged: Set<CollectedScope>;
  /** Per scope that listed, its share of `items` and `notEvaluated`, and its input digest. */
  work: Map<CollectedScope, ScopeWork>;
}

export interface ScopeWork {
  items: { resource: Resource; context: EvalContext }[];
  notEvaluated: Evaluation[];
  /** What the scope's evaluation reads (./input-digest.ts). */
  inputDigest: string;
  /** Per resource (by identity), what its evaluation reads. */
  inputHashes: Map<string, string>;
}

/** Enrichment and the engine's input for a collection: what a scan evaluates, and how. */
export function prepareEvaluation(
  collection: Collection,
  rules: RuleMeta[],
  params: EvaluationOptions,
): PreparedEvaluation {
  const covered = new Set(rules.flatMap((r) => r.resourceTypes));
  const uncovered = new Set<string>();
  const okScopes = collection.scopes.filter((s) => s.status !== 'error');
  const enriched = new Map<CollectedScope, Resource[]>();
  const items: PreparedEvaluation['items'] = [];
  // The joins, once, across every scope of the collection: the scopes come back in order, enriched.
  const joined = enrich(collection).scopes;
  const enrichedOf = new Map(collection.scopes.map((scope, i) => [scope, joined[i]!.resources]));
  // Namespaces are a scope of their own in a live scan: the versions they pin are read from all.
  const versions = namespaceVersions([...enrichedOf.values()].flat());
  const k8s: K8sContext = {
    pssVersion: (r: Resource) => pssVersionFor(r, versions, params.pssVersion),
    kubeVersion: (r: Resource) => kubeVersionFor(r, collection.clusters, params.kubeVersion),
    systemNamespaces: params.systemNamespaces ?? DEFAULT_SYSTEM_NAMESPACES,
  };
  const notEvaluated: Evaluation[] = [];
  const work = new Map<CollectedScope, ScopeWork>();
  const listed = new Map<CollectedScope, number>();
  const unchanged = new Set<CollectedScope>();
  const bundle = bundleKey(params.bundleVersion ?? '', rules);
  const clock = clockTypes(rules);
  for (const scope of okScopes) {
    const resources: Resource[] = [];
    const own: Omit<ScopeWork, 'inputDigest'> = { items: [], notEvaluated: [], inputHashes: new Map() };
    const hasher = new ScopeInputHasher(bundle, scope.scope.key, clock);
    for (const resource of enrichedOf.get(scope)!) {
      if (!covered.has(resource.type)) uncovered.add(resource.type);
      const reason = unreadable(resource);
      if (reason) {
        own.notEvaluated.push(...unreadableEvaluations(resource, reason, rules));
        const stored = withoutConfig(resource, reason);
        resources.push(stored);
        own.inputHashes.set(identityOf(resource.id, definitionOf(resource)), hasher.add(stored, undefined));
      } else {
        resources.push(resource);
        const item = {
          resource,
          context: contextFor(resource, scope.scope.key, collection.collectedAt, k8s),
        };
        own.items.push(item);
        own.inputHashes.set(
          identityOf(resource.id, definitionOf(resource)),
          hasher.add(resource, item.context),
        );
      }
    }
    const inputDigest = hasher.digest();
    listed.set(scope, resources.length);
    // Only a complete, successful listing can stand for its scope's stored state.
    if (scope.status === 'ok' && params.storedDigests?.get(scope.scope.key) === inputDigest) {
      unchanged.add(scope);
      work.set(scope, { items: [], notEvaluated: [], inputHashes: new Map(), inputDigest });
      continue;
    }
    for (const item of own.items) items.push(item);
    for (const e of own.notEvaluated) notEvaluated.push(e);
    enriched.set(scope, resources);
    work.set(scope, { ...own, inputDigest });
  }

  return { items, notEvaluated, uncovered, enriched, listed, unchanged, work };
}

/**
 * Evaluates prepared items with the engine: the verdicts of every rule for every item, with the
 * `error` verdicts of what could not be evaluated.
 */
export async function evaluatePrepared(
  engine: PolicyEngine,
  prepared: Pick<PreparedEvaluation, 'items' | 'notEvaluated'>,
): Promise<Evaluation[]> {
  return [...(await evaluateDefinitions(engine, prepared.items)), ...prepared.notEvaluated];
}

/** A scope's share of the evaluation. */
export interface ScopeGroup {
  scope: CollectedScope;
  items: { resource: Resource; context: EvalContext }[];
  notEvaluated: Evaluation[];
}

/**
 * The verdicts of each scope, settling scope by scope when the engine evaluates groups and every
 * resource id is evaluated once (else all at once, in passes by definition: evaluateDefinitions).
 */
function evaluateScopes(
  engine: PolicyEngine,
  groups: readonly ScopeGroup[],
  window: GroupWindow,
): Map<CollectedScope, Promise<Evaluation[]>> {
  const out = new Map<CollectedScope, Promise<Evaluation[]>>();
  if (groups.length === 0) return out;
  const ids = new Set<string>();
  let repeated = false;
  for (const g of groups)
    for (const item of g.items) {
      if (ids.has(item.resource.id)) repeated = true;
      ids.add(item.resource.id);
    }
  ids.clear();
  if (repeated || !engine.evaluateGroups) {
    const all = (async () => [
      ...(await evaluateDefinitions(
        engine,
        groups.flatMap((g) => g.items),
      )),
      ...groups.flatMap((g) => g.notEvaluated),
    ])();
    for (const g of groups) out.set(g.scope, all);
  } else {
    const settled = engine.evaluateGroups(
      groups.map((g) => g.items),
      window,
    );
    groups.forEach((g, i) => {
      const verdicts = settled[i]!.then((list) => {
        const definitions = new Map(g.items.map((item) => [item.resource.id, definitionOf(item.resource)]));
        for (const e of list) {
          const definition = definitions.get(e.resourceId);
          if (definition) e.definition = definition;
        }
        for (const e of g.notEvaluated) list.push(e);
        return list;
      });
      // a scan stopped early (abort, store error) never waits for the rest
      verdicts.catch(() => undefined);
      out.set(g.scope, verdicts);
    });
  }
  return out;
}

/** Which scopes of a collection, and which resources of the others, a rescan need not evaluate. */
export interface ReusePlan {
  /** Scopes whose input digest equals the stored one: recorded by recordUnchangedScopeRun. */
  reusable: Set<CollectedScope>;
  /** Per changed scope, the identities of its resources whose own input is unchanged (ScopeInput.kept). */
  unchangedOf: Map<CollectedScope, ReadonlySet<string>>;
  /** Per other scope that listed, what the engine must evaluate. */
  toEvaluate: ScopeGroup[];
}

/** The scopes whose stored input digest equals this run's: only a complete, successful listing counts. */
async function unchangedScopes(
  scans: Pick<ScansRepository, 'inputDigests'>,
  collection: Collection,
  work: ReadonlyMap<CollectedScope, ScopeWork>,
  reuse: boolean,
): Promise<Set<CollectedScope>> {
  if (!reuse) return new Set();
  const kept = await scans.inputDigests(
    collection.scopes.filter((s) => s.status === 'ok').map((s) => s.scope.key),
  );
  return new Set(
    collection.scopes.filter((s) => s.status === 'ok' && kept.get(s.scope.key) === work.get(s)?.inputDigest),
  );
}

/**
 * Compares each scope's input (prepareEvaluation's `work`) with what the store keeps: reads happen
 * outside any recording transaction, so whoever records must let the store check them again
 * (recordUnchangedScopeRun answers undefined, recordScopeRun throws KeptResourcesChanged).
 * `reuse` false: everything is evaluated.
 */
export async function planReuse(
  scans: Pick<ScansRepository, 'inputDigests' | 'unchangedResources'>,
  collection: Collection,
  work: ReadonlyMap<CollectedScope, ScopeWork>,
  reuse: boolean,
  /** The unchanged scopes, when the stored digests were already compared (prepareEvaluation's `unchanged`). */
  known?: ReadonlySet<CollectedScope>,
): Promise<ReusePlan> {
  const reusable = known ? new Set(known) : await unchangedScopes(scans, collection, work, reuse);
  // Of a changed scope, the resources whose own input is unchanged keep their stored verdicts. Which
  // ones is decided here; the store leaves them as they are when the scope is recorded, one scope
  // at a time, without reading their verdicts.
  const unchangedOf = new Map<CollectedScope, ReadonlySet<string>>();
  const toEvaluate: ScopeGroup[] = [];
  for (const [scope, w] of work) {
    if (reusable.has(scope)) continue;
    const same =
      reuse && scope.status === 'ok'
        ? await scans.unchangedResources(scope.scope.key, w.inputHashes)
        : new Set<string>();
    if (same.size) unchangedOf.set(scope, same);
    const group: ScopeGroup = { scope, items: [], notEvaluated: [] };
    for (const item of w.items)
      if (!same.has(identityOf(item.resource.id, definitionOf(item.resource)))) group.items.push(item);
    for (const e of w.notEvaluated)
      if (!same.has(identityOf(e.resourceId, e.definition))) group.notEvaluated.push(e);
    toEvaluate.push(group);
  }
  return { reusable, unchangedOf, toEvaluate };
}

/** Evaluations grouped by their resource's identity (identityOf), added to `into`. */
export function groupByIdentity(
  evaluations: readonly Evaluation[],
  into = new Map<string, Evaluation[]>(),
): Map<string, Evaluation[]> {
  for (const evaluation of evaluations) {
    const key = identityOf(evaluation.resourceId, evaluation.definition);
    const found = into.get(key);
    if (found) found.push(evaluation);
    else into.set(key, [evaluation]);
  }
  return into;
}

/** The share of a scope's work that concerns these identities (resources the store refused to keep). */
export function shareOf(
  work: Pick<ScopeWork, 'items' | 'notEvaluated'>,
  identities: ReadonlySet<string>,
): Pick<ScopeWork, 'items' | 'notEvaluated'> {
  return {
    items: work.items.filter((i) => identities.has(identityOf(i.resource.id, definitionOf(i.resource)))),
    notEvaluated: work.notEvaluated.filter((e) => identities.has(identityOf(e.resourceId, e.definition))),
  };
}

/** A scope's summary from the evaluations recorded for it (the store recounts it when some are kept). */
export function summaryOf(
  resources: readonly Resource[],
  evaluations: readonly Evaluation[],
): ScopeRunSummary {
  const summary: ScopeRunSummary = {
    resources: resources.length,
    evaluations: evaluations.length,
    pass: 0,
    fail: 0,
    error: 0,
  };
  for (const e of evaluations) summary[e.status]++;
  return summary;
}

/**
 * Collected scopes → enrichment → engine → store, one transaction per scope.
 * A scope that errored is recorded as such and its stored findings stay as they were.
 * A scope whose input digest (./input-digest.ts) equals the one kept with its stored state is
 * not evaluated: the store records the run from the digest alone (unless `reuseUnchanged` is false).
 */
export async function runScan(params: ScanParams): Promise<ScanOutcome> {
  const { store, bundle, engine, collection, command } = params;
  const clock = params.clock ?? (() => new Date());
  params.signal?.throwIfAborted();
  const startedAt = clock();
  await store.rules.sync(bundle.manifest.rules);
  const scanId = await store.scans.begin({ startedAt, bundleVersion: bundle.manifest.version, command });

  const evaluationOptions = { ...params, bundleVersion: bundle.manifest.version };
  const reuse = params.reuseUnchanged !== false;
  // The digests kept with each scope's stored state are read first: an unchanged scope needs only
  // its digest until it is recorded, so its enriched resources and its share of the engine's input
  // are not kept while the rest is prepared (they are rebuilt should another run change it meanwhile).
  const storedDigests = reuse
    ? await store.scans.inputDigests(
        collection.scopes.filter((s) => s.status === 'ok').map((s) => s.scope.key),
      )
    : undefined;
  const prepared = prepareEvaluation(collection, bundle.manifest.rules, {
    ...evaluationOptions,
    storedDigests,
  });
  const { uncovered, enriched, listed, work, unchanged } = prepared;
  // Each scope's share of the engine's input is in `work`: the whole-collection lists are not needed.
  prepared.items = [];
  prepared.notEvaluated = [];
  const { reusable, unchangedOf, toEvaluate } = await planReuse(
    store.scans,
    collection,
    work,
    reuse,
    unchanged,
  );

  if (params.signal?.aborted) {
    await store.scans.finish(scanId, { finishedAt: clock(), status: 'failed' });
    params.signal.throwIfAborted();
  }
  // Evaluation runs at most two scopes ahead of recording: verdicts evaluated further ahead would
  // pile up in memory while the main thread records.
  const evaluationWindow = new GroupWindow(2);
  const groupOf = new Map(toEvaluate.map((g, i) => [g.scope, i]));
  const failEvaluation = async (error: unknown, scopes: readonly CollectedScope[]): Promise<never> => {
    evaluationWindow.release();
    const message = `policy evaluation failed: ${(error as Error).message}`;
    for (const scope of scopes) {
      await store.scans.recordScopeRun(scanId, scope.scope, {
        status: 'error',
        startedAt,
        finishedAt: clock(),
        error: message,
      });
    }
    await store.scans.finish(scanId, { finishedAt: clock(), status: 'failed' });
    throw error;
  };
  params.progress?.phase(
    'evaluating policies',
    toEvaluate.reduce((n, g) => n + g.items.length, 0),
  );
  // Scopes are recorded while the workers evaluate the next ones (evaluateScopes).
  const evaluated = evaluateScopes(engine, toEvaluate, evaluationWindow);
  toEvaluate.length = 0;
  // Each scope's verdicts are let go once it is recorded: the store works one scope at a time.
  const byResource = new Map<string, Evaluation[]>();
  const index = (list: Evaluation[]) => groupByIdentity(list, byResource);
  /** An evaluation while recording: queued behind the groups, which may then run ahead freely. */
  const evaluateNow = (prepared: Pick<PreparedEvaluation, 'items' | 'notEvaluated'>) => {
    evaluationWindow.release();
    return evaluatePrepared(engine, prepared);
  };
  /** Waits for the verdicts a scope needs (its group's, or all at once) and indexes them once. */
  const verdictsFor = async (scope: CollectedScope, stored: number) => {
    const pending = evaluated.get(scope);
    if (!pending) return;
    evaluationWindow.take(groupOf.get(scope)!);
    for (const [s, p] of evaluated) if (p === pending) evaluated.delete(s);
    try {
      index(await pending);
    } catch (error) {
      await failEvaluation(error, collection.scopes.slice(stored));
    }
  };
  // The first verdicts are in before any scope is recorded: an engine that fails at once leaves
  // every scope recorded as `error`.
  const first = collection.scopes.find((s) => evaluated.has(s));
  if (first) await verdictsFor(first, 0);
  params.progress?.done();

  const counts = {
    resources: [...listed.values()].reduce((n, count) => n + count, 0),
    pass: 0,
    fail: 0,
    error: 0,
  };

  params.progress?.phase('storing results', collection.scopes.length);
  const scopes: ScopeOutcome[] = [];
  for (const scope of collection.scopes) {
    if (params.signal?.aborted) {
      await store.scans.finish(scanId, { finishedAt: clock(), status: scopes.length ? 'partial' : 'failed' });
      evaluationWindow.release();
      params.signal.throwIfAborted();
    }
    const scopeStarted = clock();
    if (scope.status === 'error') {
      const error = scope.error ?? 'scope could not be listed';
      const result = await store.scans.recordScopeRun(scanId, scope.scope, {
        status: 'error',
        startedAt: scopeStarted,
        finishedAt: clock(),
        error,
      });
      scopes.push({
        key: scope.scope.key,
        status: 'error',
        error,
        resources: 0,
        evaluations: 0,
        transitions: result.transitions,
      });
      params.progress?.tick();
      continue;
    }
    await verdictsFor(scope, scopes.length);
    let resources = enriched.get(scope) ?? [];
    let scopeWork = work.get(scope)!;
    if (reusable.has(scope)) {
      const unchanged = await store.scans.recordUnchangedScopeRun(scanId, scope.scope, {
        startedAt: scopeStarted,
        finishedAt: clock(),
        inputDigest: scopeWork.inputDigest,
      });
      if (unchanged) {
        counts.pass += unchanged.summary.pass;
        counts.fail += unchanged.summary.fail;
        counts.error += unchanged.summary.error;
        scopes.push({
          key: scope.scope.key,
          status: scope.status,
          resources: listed.get(scope) ?? 0,
          evaluations: unchanged.summary.evaluations,
          transitions: [],
        });
        enriched.delete(scope);
        work.delete(scope);
        params.progress?.tick();
        continue;
      }
      // Another run changed the scope since the digests were read: evaluate it after all.
      const again = prepareEvaluation(collection, bundle.manifest.rules, evaluationOptions);
      resources = again.enriched.get(scope) ?? [];
      scopeWork = again.work.get(scope)!;
      try {
        index(await evaluateNow(scopeWork));
      } catch (error) {
        await failEvaluation(error, collection.scopes.slice(scopes.length));
      }
    }
    // Resources whose own input is unchanged keep their stored findings: the store leaves them as
    // they are without reading their findings (ScopeInput.kept), and checks, in the recording's
    // transaction, that each is still as it was when `kept` was read. One another run changed in
    // between is evaluated, and the scope recorded again without it.
    let kept = unchangedOf.get(scope);
    unchangedOf.delete(scope);
    const scopeEvaluations = resources.flatMap((r) => {
      const key = identityOf(r.id, definitionOf(r));
      const found = byResource.get(key) ?? [];
      byResource.delete(key);
      return found;
    });
    const finishedAt = clock();
    let result: ScopeRunResult & { summary: ScopeRunSummary };
    for (;;) {
      const summary = summaryOf(resources, scopeEvaluations);
      const keep = kept;
      try {
        // One transaction per scope: its changes and the alerts announcing them commit together.
        result = await store.transaction(async (tx) => {
          const recorded =
            scope.status === 'partial'
              ? await tx.scans.recordScopeDelta(scanId, scope.scope, {
                  startedAt: scopeStarted,
                  finishedAt,
                  changed: resources,
                  evaluations: scopeEvaluations,
                  deleted: [],
                })
              : await tx.scans.recordScopeRun(scanId, scope.scope, {
                  status: 'ok',
                  startedAt: scopeStarted,
                  finishedAt,
                  resources,
                  evaluations: scopeEvaluations,
                  input: {
                    digest: scopeWork.inputDigest,
                    summary,
                    resources: scopeWork.inputHashes,
                    ...(keep?.size ? { kept: keep } : {}),
                  },
                });
          await params.notifier?.queue(
            tx,
            scanId,
            recorded.transitions,
            new Map(resources.map((x) => [x.id, x])),
            finishedAt,
          );
          return { ...recorded, summary: recorded.summary ?? summary };
        });
        break;
      } catch (error) {
        if (!(error instanceof KeptResourcesChanged) || !keep) throw error;
        const stale = new Set(error.identities);
        kept = new Set([...keep].filter((id) => !stale.has(id)));
        try {
          scopeEvaluations.push(...(await evaluateNow(shareOf(scopeWork, stale))));
        } catch (failure) {
          await failEvaluation(failure, collection.scopes.slice(scopes.length));
        }
      }
    }
    counts.pass += result.summary.pass;
    counts.fail += result.summary.fail;
    counts.error += result.summary.error;
    scopes.push({
      key: scope.scope.key,
      status: scope.status,
      ...(scope.error ? { error: scope.error } : {}),
      resources: resources.length,
      evaluations: result.summary.evaluations,
      transitions: result.transitions,
    });
    enriched.delete(scope);
    work.delete(scope);
    params.progress?.tick();
  }
  params.progress?.done();

  const status = scopes.some((s) => s.status !== 'ok')
    ? scopes.every((s) => s.status === 'error')
      ? 'failed'
      : 'partial'
    : 'ok';
  const finishedAt = clock();
  await store.scans.finish(scanId, { finishedAt, status });
  return {
    scanId,
    status,
    bundleVersion: bundle.manifest.version,
    startedAt,
    finishedAt,
    scopes,
    uncoveredTypes: [...uncovered].sort(),
    counts,
  };
}

export function severityAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

/** Exit code of a finished scan: 1 when the gate tripped, 3 when some scope errored. */
export function scanExitCode(outcome: ScanOutcome, gateTripped: boolean): ExitCode {
  const codes: ExitCode[] = [];
  if (gateTripped) codes.push(EXIT.gateTripped);
  if (outcome.status !== 'ok') codes.push(EXIT.partial);
  return combineExitCodes(codes);
}
