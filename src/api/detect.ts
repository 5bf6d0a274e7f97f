/** CloudTrail detection with Sigma rules: signals in the same store as findings, on the same resource ids. */
import { join } from 'node:path';
import type { DetectRunResult } from '../detect/run.js';
import type { IntelLists } from '../detect/intel.js';
import type { DetectionRule, LoadResult } from '../detect/sigma.js';
import type { EventSource } from '../detect/sources.js';
import { InputError } from '../errors.js';
import { inScopeFilters, type ScopeFilters } from '../model/filters.js';
import type { ChannelConfig } from '../notify/config.js';
import { packageRoot } from '../paths.js';
import type { Signal, Store } from '../store/index.js';
import { SEVERITIES, type Severity } from '../types.js';
import type { LongCallOptions } from './progress.js';

export type { Signal } from '../store/index.js';

/**
 * The CloudTrail events of files and directories (gzip or not, JSON lines), read as `detect`
 * reads them; each bad record or file goes to onProblem and is skipped.
 */
export async function* cloudTrailEvents(
  paths: string[],
  onProblem: (problem: { file: string; message: string }) => void = () => {},
) {
  const { FileSource } = await import('../detect/sources.js');
  for await (const event of new FileSource(paths).events(undefined, onProblem)) yield event;
}

export const bundledDetectionsDir = () => join(packageRoot(), 'policies', 'detections');

/** Where events come from: files (paths, directories, `-`), a trail's S3 bucket, or LookupEvents. */
export type DetectSource =
  | { files: string[] }
  | { s3: string; regions?: string[]; lookbackMs?: number }
  | { lookup: true; regions?: string[]; lookbackMs?: number };

export interface DetectOptions extends LongCallOptions {
  source: DetectSource;
  /** Ignore events before this instant. */
  since?: Date;
  /** Rule directories instead of the bundled pack. */
  rulesDirs?: string[];
  /** IP/CIDR lists for the intel modifier. */
  intel?: string[];
  /** New signals go to these channels through the outbox (and are sent unless `deliver` is false). */
  channels?: ChannelConfig[];
  deliver?: boolean;
  latenessMs?: number;
  clockSkewMs?: number;
  /** Each bad-input problem, one line with its location, as it is met. */
  onProblem?: (line: string) => void;
  /** Rule warnings and rules or rule files skipped, one line each. */
  onWarning?: (line: string) => void;
  /**
   * Where events are parsed and evaluated: `auto` (default: a worker thread with a capped young
   * generation for 8 MiB of files or more, so peak memory stays flat on long inputs), `worker`,
   * or `inline` (this thread). Signals and state are the same either way.
   */
  thread?: 'auto' | 'worker' | 'inline';
}

export interface DetectResult extends DetectRunResult {
  rules: number;
  rulesSkipped: number;
  ruleFilesSkipped: number;
  /** What an S3 or LookupEvents source did (folders, objects, requests). */
  source?: { name: string } & Record<string, unknown>;
  deliveryErrors: string[];
  /** 3 (partial) when records, files or rules were skipped as bad input; 0 otherwise. */
  exitCode: 0 | 3;
}

/** loadRules, with a path that does not exist as an input error (exit 2). */
async function readRules(dirs: string[] | undefined, intel?: IntelLists): Promise<LoadResult> {
  const { loadRules, SigmaError } = await import('../detect/sigma.js');
  try {
    return loadRules(dirs?.length ? dirs : [bundledDetectionsDir()], intel);
  } catch (error) {
    if (error instanceof SigmaError) throw new InputError(`--rules ${error.message}`);
    throw error;
  }
}

/**
 * A pack for a run: rules that do not compile and files that cannot be read are skipped, each
 * reported through onWarning; no rule at all is an InputError.
 */
export async function loadPack(
  dirs: string[] | undefined,
  intel: IntelLists,
  onWarning: (line: string) => void = () => {},
): Promise<{ rules: DetectionRule[]; skipped: number; unreadable: number }> {
  const loaded = await readRules(dirs, intel);
  for (const w of loaded.warnings) onWarning(`warning: ${w}`);
  for (const u of loaded.unreadable) onWarning(`${u} (skipped)`);
  for (const e of loaded.errors) onWarning(`${e} (rule skipped)`);
  if (loaded.rules.length === 0)
    throw new InputError(
      `no detection rules loaded from ${(dirs?.length ? dirs : [bundledDetectionsDir()]).join(', ')}`,
    );
  return { rules: loaded.rules, skipped: loaded.errors.length, unreadable: loaded.unreadable.length };
}

async function eventSource(opts: DetectOptions): Promise<EventSource & { close?(): void }> {
  const source = opts.source;
  if ('files' in source) {
    if (!source.files.length) throw new InputError('--files: give at least one path');
    return new (await import('../detect/sources.js')).FileSource(source.files);
  }
  if ('s3' in source) {
    const { S3Source } = await import('../detect/s3-source.js');
    return new S3Source(source.s3, {
      since: opts.since,
      lookbackMs: source.lookbackMs,
      regions: source.regions,
    });
  }
  const { LookupSource } = await import('../detect/lookup-source.js');
  const { DEFAULT_LOOKBACK_MS } = await import('../detect/s3-source.js');
  const { homeRegion } = await import('../collect/aws/session.js');
  return new LookupSource({
    regions: source.regions ?? [homeRegion({})],
    since: opts.since,
    lookbackMs: source.lookbackMs ?? DEFAULT_LOOKBACK_MS,
    latenessMs: opts.latenessMs,
  });
}

/**
 * Reads CloudTrail events and records signals. Bad input is reported through onProblem and
 * skipped (exit code 3); what was read is committed in one transaction at the end. A rule that does
 * not compile is skipped with a warning; no rule at all is an InputError.
 */
export async function detect(store: Store, opts: DetectOptions): Promise<DetectResult> {
  const { IntelLists } = await import('../detect/intel.js');
  const intel = IntelLists.load(opts.intel ?? []);
  const loaded = await readRules(opts.rulesDirs, intel);
  for (const w of loaded.warnings) opts.onWarning?.(`warning: ${w}`);
  for (const u of loaded.unreadable) opts.onWarning?.(`${u} (skipped)`);
  for (const e of loaded.errors) opts.onWarning?.(`${e} (rule skipped)`);
  if (loaded.rules.length === 0)
    throw new InputError(
      `no detection rules loaded from ${(opts.rulesDirs?.length ? opts.rulesDirs : [bundledDetectionsDir()]).join(', ')}`,
    );
  const source = await eventSource(opts);
  try {
    const { runDetection } = await import('../detect/run.js');
    const channels = opts.channels ?? [];
    const run = await runDetection(store, [source], loaded.rules, {
      since: opts.since,
      latenessMs: opts.latenessMs,
      clockSkewMs: opts.clockSkewMs,
      channels,
      onProblem: opts.onProblem,
      signal: opts.signal,
      onProgress: opts.onProgress,
      thread: opts.thread,
    });
    const deliveryErrors: string[] = [];
    if (channels.length && run.outboxRows && opts.deliver !== false) {
      const { deliverPending } = await import('../notify/deliver.js');
      deliveryErrors.push(...(await deliverPending(store, channels, new Date())).errors);
    }
    const stats = (source as { stats?: Record<string, unknown> }).stats;
    const skipped = run.skipped || loaded.errors.length || loaded.unreadable.length;
    return {
      ...run,
      rules: loaded.rules.length,
      rulesSkipped: loaded.errors.length,
      ruleFilesSkipped: loaded.unreadable.length,
      ...(stats && !('files' in opts.source) ? { source: { name: source.name, ...stats } } : {}),
      deliveryErrors,
      exitCode: skipped ? 3 : 0,
    };
  } finally {
    source.close?.();
  }
}

export interface RuleTestReport {
  rules: number;
  tests: number;
  passed: number;
  failures: { ruleId: string; file: string; test: string; ok: boolean; message?: string }[];
  /** Rules that did not load, files that could not be read. */
  loadErrors: number;
  unreadable: number;
  warnings: string[];
}

/** Runs every detection rule's own test events; rules that do not load count as failures. */
export async function testDetectionRules(opts: { rulesDirs?: string[] } = {}): Promise<RuleTestReport> {
  const loaded = await readRules(opts.rulesDirs);
  const { runRuleTests } = await import('../detect/rule-tests.js');
  const results = await runRuleTests(loaded.rules, loaded.intel);
  return {
    rules: loaded.rules.length,
    tests: results.length,
    passed: results.filter((r) => r.ok).length,
    failures: [
      ...loaded.unreadable.map((e) => ({ ruleId: '-', file: '', test: '(read)', ok: false, message: e })),
      ...loaded.errors.map((e) => ({ ruleId: '-', file: '', test: '(load)', ok: false, message: e })),
      ...results.filter((r) => !r.ok),
    ],
    loadErrors: loaded.errors.length,
    unreadable: loaded.unreadable.length,
    warnings: loaded.warnings,
  };
}

export interface SignalQuery extends ScopeFilters {
  status?: Signal['status'];
  /** Signals seen at or after this instant. */
  since?: Date;
  /** This severity and above. */
  severity?: Severity;
  ruleId?: string;
  resourceId?: string;
}

/** The account and region of an ARN (`arn:partition:service:region:account:...`). */
function arnScope(id: string): { account: string; region: string } | undefined {
  const parts = id.split(':');
  return parts[0] === 'arn' && parts.length >= 6 ? { region: parts[3]!, account: parts[4]! } : undefined;
}

/**
 * Does a signal touch this account or region? Signals come from CloudTrail: an account or region
 * matches when the signal's group names it (recipientAccountId, awsRegion, ...) or one of its
 * resources is in it. Kubernetes filters match no signal.
 */
function signalInScope(s: Signal, f: ScopeFilters): boolean {
  if (!f.account && !f.region) return inScopeFilters(f, 'aws', '', '');
  const values = new Set(Object.values(s.group));
  const scopes = s.resourceIds.map(arnScope).filter((x) => x !== undefined);
  const accountOk = !f.account || values.has(f.account) || scopes.some((x) => x.account === f.account);
  const regionOk = !f.region || values.has(f.region) || scopes.some((x) => x.region === f.region);
  return !f.cluster && !f.namespace && accountOk && regionOk;
}

/** Detection signals, the latest seen first. */
export async function signals(store: Store, query: SignalQuery = {}): Promise<Signal[]> {
  if (store.outdated) return []; // a read-only database from before detection
  const min = SEVERITIES.indexOf(query.severity ?? 'info');
  const rows = await store.signals.list({
    status: query.status,
    since: query.since,
    ...(query.ruleId ? { ruleId: query.ruleId } : {}),
    resourceId: query.resourceId,
  });
  return rows.filter(
    (s) =>
      (!query.ruleId || s.ruleId === query.ruleId) &&
      SEVERITIES.indexOf(s.severity) >= min &&
      signalInScope(s, query),
  );
}

/** One signal with its state history; undefined when there is no such signal. */
export async function signal(store: Store, id: number): Promise<Signal | undefined> {
  return store.outdated ? undefined : store.signals.get(id);
}

/** Resolves a signal (the older name of setting it resolved). An InputError when there is no such signal. */
export async function archiveSignal(
  store: Store,
  id: number,
  at: Date = new Date(),
  by: string | null = null,
  note?: string,
): Promise<Signal> {
  if (!Number.isInteger(id) || id <= 0)
    throw new InputError(`signal id ${id}: expected a number (see stance signals)`);
  const { setSignalState } = await import('../detect/triage.js');
  return setSignalState(store, id, { state: 'resolved', at, by, note });
}
