/**
 * A scan: collection → enrichment → evaluation → store, one transaction per scope; alerts queued
 * with the status changes they announce and sent; the `failOn` gate computed; the exit code.
 */
import { readFileSync } from 'node:fs';
import { InputError } from '../errors.js';
import type { Notifier } from '../notify/alerts.js';
import { combineExitCodes, EXIT, type ExitCode } from '../scan/exit-codes.js';
import { runScan, severityAtLeast, type ScanOutcome } from '../scan/pipeline.js';
import type { Store, Transition } from '../store/index.js';
import type { EvalItem } from '../policy/engine.js';
import { SEVERITIES, type Collection, type Evaluation, type Severity } from '../types.js';
import type { FrameworkScore, ScoredFinding } from '../report/score.js';
import { frameworks, policyBundle } from './catalog.js';
import { collect, type CollectedSource, type ScanSource } from './collect.js';
import type { StanceConfig } from './config.js';
import { findings, type Finding } from './findings.js';
import { mutesInForce } from './mutes.js';
import { phaseProgress, type LongCallOptions } from './progress.js';

export type { ScanOutcome, ScopeOutcome } from '../scan/pipeline.js';
export type { ExitCode } from '../scan/exit-codes.js';
export type { FrameworkScore } from '../report/score.js';
export { EXIT } from '../scan/exit-codes.js';
export { parsePssVersion } from '../scan/pss-version.js';
export { parseKubeVersion } from '../model/kube-version.js';
export { parseSystemNamespaces } from '../scan/system-namespaces.js';

/** Accepted failures: (resource id, rule id) pairs that do not trip the gate and are not "new". */
export type Baseline = ReadonlySet<string>;

export const baselineKey = (resourceId: string, ruleId: string) => `${resourceId}\u0000${ruleId}`;

/** A baseline is findings JSON (`stance findings -f json`, `stance scan -f json`): its failing findings. */
export function parseBaseline(text: string, file: string): Baseline {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new InputError(`--baseline ${file}: not valid JSON (${(error as Error).message})`);
  }
  if (!Array.isArray(raw))
    throw new InputError(
      `--baseline ${file}: expected the JSON array written by stance findings --format json`,
    );
  const out = new Set<string>();
  raw.forEach((f: unknown, i) => {
    const r = f as { resourceId?: unknown; ruleId?: unknown; status?: unknown };
    if (typeof r?.resourceId !== 'string' || typeof r.ruleId !== 'string')
      throw new InputError(`--baseline ${file}: [${i}] needs resourceId and ruleId`);
    if (r.status === undefined || r.status === 'fail') out.add(baselineKey(r.resourceId, r.ruleId));
  });
  return out;
}

export function loadBaseline(file: string): Baseline {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new InputError(
      `--baseline ${file}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
  return parseBaseline(text, file);
}

export interface ScanOptions extends LongCallOptions {
  /** How the scan is recorded (`scans.command`); default "scan". */
  command?: string;
  /** Worker threads for evaluation (default: up to 4 for large inventories). */
  threads?: number;
  /** Unmuted failing findings of the scanned resources at or above this severity set exit code 1. */
  failOn?: Severity;
  /** Accepted failures: they do not trip the gate and are not reported as new. */
  baseline?: Baseline;
  /** stance.yaml: its mutes apply; with `notify`, its channels get the alerts. */
  config?: StanceConfig;
  /** Queue alerts for this scan's status changes to the config's channels, and send them. */
  notify?: boolean;
  /** false: queue the alerts but leave sending to the caller (the daemon logs each attempt itself). */
  deliver?: boolean;
  /** Pod Security Standards version for every Kubernetes workload (else each namespace's label). */
  pssVersion?: string;
  /** Kubernetes version the API version rules check against (else each live cluster's, else latest). */
  kubeVersion?: string;
  /** Namespaces the workload hygiene rules skip (else the config's, else the default list). */
  systemNamespaces?: readonly string[];
  /** When the work began, if it began before this call (a collection made beforehand); default now. */
  startedAt?: Date;
  /** User rule directories built by `stance policy build` (else the config's `policies`). */
  policies?: readonly string[];
  /**
   * false: evaluate every scope, even one whose input is the same as its last successful run's
   * (the default records such a scope as unchanged without evaluating it; results are the same).
   */
  reuseUnchanged?: boolean;
}

export interface ScanResult {
  outcome: ScanOutcome;
  /** When the work began: before collection when the scan collected its source. */
  startedAt: Date;
  finishedAt: Date;
  /** Ids of the resources this scan listed (its findings are theirs). */
  resourceIds: ReadonlySet<string>;
  /** Newly failing since the previous scan of these scopes, baseline entries left out. */
  newFailures: Transition[];
  /** Failing findings that tripped `failOn`. */
  gateFailures: number;
  /** Unmuted failing findings of the scanned resources, by severity (baseline entries included). */
  failingBySeverity: Record<Severity, number>;
  /** One line per failed alert delivery (the alerts stay queued). */
  deliveryErrors: string[];
  /** Manifest problems and notices, when the scan read manifests. */
  problems: CollectedSource['problems'];
  notices: CollectedSource['notices'];
  /** 0 ok, 1 gate tripped, 3 partial (precedence 1 > 3). */
  exitCode: ExitCode;
}

const isCollection = (input: Collection | ScanSource): input is Collection =>
  'scopes' in input && Array.isArray((input as Collection).scopes);

/**
 * Scans a collection, or collects a source and scans it, into the store. Alerts never fail a scan:
 * undelivered messages stay in the outbox for the next run or flushAlerts.
 */
export async function scan(
  store: Store,
  input: Collection | ScanSource,
  opts: ScanOptions = {},
): Promise<ScanResult> {
  const startedAt = opts.startedAt ?? new Date();
  const collected: CollectedSource = isCollection(input)
    ? { collection: input, problems: [], notices: [] }
    : await collect(input, opts);
  const { collection } = collected;
  const bundle = policyBundle({ policies: opts.policies ?? opts.config?.policies });
  const channels = opts.notify ? (opts.config?.notify ?? []) : [];
  let notifier: Notifier | undefined;
  if (channels.length) {
    const { Notifier } = await import('../notify/alerts.js');
    notifier = new Notifier({
      channels,
      rules: bundle.manifest.rules,
      ownerKey: opts.config!.ownerKey,
      mutes: (await mutesInForce(store, { config: opts.config })).matcher,
    });
  }
  const { createEngine } = await import('../policy/engine.js');
  const engine = await createEngine({ bundle, threads: opts.threads });
  let outcome: ScanOutcome;
  try {
    outcome = await runScan({
      store,
      bundle,
      engine,
      collection,
      command: opts.command ?? 'scan',
      progress: phaseProgress(opts.onProgress),
      notifier,
      pssVersion: opts.pssVersion,
      kubeVersion: opts.kubeVersion,
      systemNamespaces: opts.systemNamespaces ?? opts.config?.kubernetes?.systemNamespaces,
      signal: opts.signal,
      reuseUnchanged: opts.reuseUnchanged,
    });
  } finally {
    await engine.close();
  }
  const deliveryErrors: string[] = [];
  if (notifier) {
    const { finalizeAlerts } = await import('../notify/alerts.js');
    await finalizeAlerts(store, channels, new Date(), bundle.manifest.version);
    if (opts.deliver !== false) {
      const { deliverPending } = await import('../notify/deliver.js');
      deliveryErrors.push(...(await deliverPending(store, channels, new Date())).errors);
    }
  }
  const resourceIds = new Set(collection.scopes.flatMap((s) => s.resources.map((r) => r.id)));
  const tally = await tallyFindings(store, resourceIds, opts);
  const newFailures = outcome.scopes
    .flatMap((s) => s.transitions)
    .filter((t) => t.to === 'fail' && !opts.baseline?.has(baselineKey(t.resourceId, t.ruleId)));
  const codes: ExitCode[] = [];
  if (tally.gateFailures > 0) codes.push(EXIT.gateTripped);
  if (outcome.status !== 'ok') codes.push(EXIT.partial);
  const result: ScanResult = {
    outcome,
    startedAt,
    finishedAt: new Date(),
    resourceIds,
    newFailures,
    gateFailures: tally.gateFailures,
    failingBySeverity: tally.failingBySeverity,
    deliveryErrors,
    problems: collected.problems,
    notices: collected.notices,
    exitCode: combineExitCodes(codes),
  };
  ruleTallies.set(result, { config: opts.config, rules: tally.rules });
  return result;
}

/** Per rule, over a scan's findings: what decides a control's status (src/report/score.ts). */
interface RuleTally {
  unmutedFail: boolean;
  error: boolean;
}

/** The tally of each scan result, and the config whose mutes it applied (for scanScores). */
const ruleTallies = new WeakMap<
  ScanResult,
  { config: StanceConfig | undefined; rules: Map<string, RuleTally> }
>();

/**
 * One pass over the current findings, none of them kept: the unmuted failing findings of the
 * scanned resources by severity, those that trip `failOn`, and per rule what the framework scores
 * need. A store of millions of findings is never held as rows.
 */
async function tallyFindings(
  store: Store,
  resourceIds: ReadonlySet<string>,
  opts: ScanOptions,
): Promise<{
  failingBySeverity: Record<Severity, number>;
  gateFailures: number;
  rules: Map<string, RuleTally>;
}> {
  const mutes = await mutesInForce(store, { config: opts.config });
  const failingBySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  const rules = new Map<string, RuleTally>();
  let gateFailures = 0;
  const ruleOf = (ruleId: string) => {
    let rule = rules.get(ruleId);
    if (!rule) rules.set(ruleId, (rule = { unmutedFail: false, error: false }));
    return rule;
  };
  const gated = (severity: Severity) => opts.failOn !== undefined && severityAtLeast(severity, opts.failOn);
  // Counted per rule by the store; only failing findings that a mute or the baseline may take out
  // are visited one by one.
  const oneByOne = !mutes.matcher.empty || mutes.tags !== undefined || opts.baseline !== undefined;
  for (const c of await store.findings.countsByRule(resourceIds)) {
    const rule = ruleOf(c.ruleId);
    if (c.status === 'error') rule.error = true;
    if (c.status !== 'fail' || oneByOne) continue;
    rule.unmutedFail = true;
    failingBySeverity[c.severity] += c.count;
    if (gated(c.severity)) gateFailures += c.count;
  }
  if (oneByOne)
    await store.findings.forEachCurrent(
      (f) => {
        if (!resourceIds.has(f.resourceId) || mutes.match(f)) return;
        ruleOf(f.ruleId).unmutedFail = true;
        failingBySeverity[f.severity]++;
        if (gated(f.severity) && !opts.baseline?.has(baselineKey(f.resourceId, f.ruleId))) gateFailures++;
      },
      { statuses: ['fail'] },
    );
  return { failingBySeverity, gateFailures, rules };
}

/** The findings of a scan's resources, in the contract's shape. */
export function scanFindings(
  store: Store,
  result: ScanResult,
  opts: { config?: StanceConfig } = {},
): Promise<Finding[]> {
  return findings(store, { resourceIds: result.resourceIds, config: opts.config });
}

/**
 * A score per framework the scan is relevant to: the share of passing controls among those its
 * resources' findings decide (src/report/score.ts says how a control's status is decided).
 */
export async function scanScores(
  store: Store,
  result: ScanResult,
  opts: { config?: StanceConfig } = {},
): Promise<FrameworkScore[]> {
  const { frameworkScores } = await import('../report/score.js');
  const tallied = ruleTallies.get(result);
  if (tallied && tallied.config === opts.config) {
    // the scan's own tally: per rule, one finding standing for what decides its controls
    const decisive: ScoredFinding[] = [];
    for (const [ruleId, t] of tallied.rules)
      decisive.push({
        ruleId,
        status: t.unmutedFail ? 'fail' : t.error ? 'error' : 'pass',
        muted: false,
      });
    return frameworkScores(await frameworks(), decisive);
  }
  const list = await findings(store, {
    resourceIds: result.resourceIds,
    config: opts.config,
    withControls: false,
  });
  return frameworkScores(await frameworks(), list);
}

const MAX_SUMMARY_TRANSITIONS = 1000;

/** The scan as JSON for scripts: scope statuses, counts, status changes (capped; counts cover all). */
export function scanSummary(result: ScanResult) {
  const { outcome } = result;
  const transitions = outcome.scopes.flatMap((s) => s.transitions);
  const counts = { newlyFailing: 0, resolved: 0, total: transitions.length };
  for (const t of transitions) {
    if (t.to === 'fail') counts.newlyFailing++;
    else if (t.from === 'fail') counts.resolved++;
  }
  return {
    scanId: outcome.scanId,
    status: outcome.status,
    bundleVersion: outcome.bundleVersion,
    startedAt: outcome.startedAt.toISOString(),
    finishedAt: outcome.finishedAt.toISOString(),
    counts: outcome.counts,
    gateFailures: result.gateFailures,
    uncoveredTypes: outcome.uncoveredTypes,
    scopes: outcome.scopes.map((s) => ({
      scope: s.key,
      status: s.status,
      ...(s.error ? { error: s.error } : {}),
      resources: s.resources,
      evaluations: s.evaluations,
      changes: s.transitions.length,
    })),
    // A first scan of a large estate changes every pair: the list is capped (the rest is one
    // query away) so the summary stays small; counts cover all of them.
    transitionCounts: counts,
    transitions: transitions.slice(0, MAX_SUMMARY_TRANSITIONS),
    transitionsOmitted: Math.max(0, transitions.length - MAX_SUMMARY_TRANSITIONS),
  };
}

export type ScanSummary = ReturnType<typeof scanSummary>;

export interface EvaluateOptions extends LongCallOptions {
  /** Worker threads (default: up to 4 for large inventories). */
  threads?: number;
  /** User rule directories built by `stance policy build`, evaluated beside the built-in rules. */
  policies?: readonly string[];
  pssVersion?: string;
  kubeVersion?: string;
  systemNamespaces?: readonly string[];
}

export interface EvaluateResult {
  /** Every applicable rule's verdict for every resource, as a scan would store them. */
  evaluations: Evaluation[];
  /** What the engine was given: each readable resource, enriched, with its rule context. */
  items: EvalItem[];
  /** Worker threads the engine started. */
  workersStarted: number;
  /** Time spent in the engine (enrichment and preparation left out). */
  engineMs: number;
}

/**
 * Evaluates a collection against the rules without a store: enrichment, then the engine, exactly
 * as a scan does; nothing is recorded. For tools and benchmarks that want the verdicts alone.
 */
export async function evaluate(collection: Collection, opts: EvaluateOptions = {}): Promise<EvaluateResult> {
  opts.signal?.throwIfAborted();
  const bundle = policyBundle({ policies: opts.policies });
  const { prepareEvaluation, evaluatePrepared } = await import('../scan/pipeline.js');
  const prepared = prepareEvaluation(collection, bundle.manifest.rules, opts);
  const { createEngine } = await import('../policy/engine.js');
  const started = performance.now();
  const engine = await createEngine({ bundle, threads: opts.threads });
  try {
    const evaluations = await evaluatePrepared(engine, prepared);
    return {
      evaluations,
      items: prepared.items,
      workersStarted: engine.stats().workersStarted,
      engineMs: performance.now() - started,
    };
  } finally {
    await engine.close();
  }
}
