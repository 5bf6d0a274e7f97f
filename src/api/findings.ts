/** Current findings in the contract's shape, filtered, and rendered in any findings format. */
import { InputError } from '../errors.js';
import { inScopeFilters, type ScopeFilters } from '../model/filters.js';
import { packageVersion } from '../paths.js';
import { toFinding, type Finding } from '../report/findings.js';
import { findingsRenderers, type FindingsFormat } from '../report/renderers.js';
import type { FindingRow, Store } from '../store/index.js';
import { SEVERITIES, type EvalStatus, type RuleMeta, type Severity } from '../types.js';
import { rules as builtInRules, frameworks, ruleControls } from './catalog.js';
import type { StanceConfig } from './config.js';
import { mutesInForce } from './mutes.js';

export type { Finding } from '../report/findings.js';

export interface FindingsQuery extends ScopeFilters {
  status?: EvalStatus;
  /** This severity and above. */
  severity?: Severity;
  ruleId?: string;
  resourceId?: string;
  resourceType?: string;
  /** Only findings whose status changed in the latest scan. */
  newOnly?: boolean;
  /** Only findings whose current status began at or after this instant. */
  since?: Date;
  /**
   * The findings as they stood at this past instant (the store's as-of state, as `stance report
   * --as-of` reads it), with the mutes in force then. Not with newOnly.
   */
  asOf?: Date;
  /** Only findings of these resources (a scan's, say). */
  resourceIds?: ReadonlySet<string>;
  /** stance.yaml whose mutes apply too (the database's and annotations always do). */
  config?: StanceConfig;
  /**
   * false: leave each finding's `controls` empty, so the frameworks are not read (a table that
   * does not show them starts faster). Default true.
   */
  withControls?: boolean;
  /** The user's framework directories, whose controls findings are mapped to as well. */
  frameworksDirs?: string[];
}

/** Store rows that match a query, without building the contract objects (tables need no controls). */
export async function findingRows(store: Store, query: FindingsQuery = {}): Promise<FindingRow[]> {
  if (query.asOf) return asOfRows(store, query, query.asOf);
  let newSinceScan: number | undefined;
  if (query.newOnly) {
    newSinceScan = (await store.scans.last())?.id;
    if (newSinceScan === undefined) return [];
  }
  const rows = await store.findings.current({
    status: query.status,
    severity: query.severity,
    ruleId: query.ruleId,
    resourceId: query.resourceId,
    resourceType: query.resourceType,
    account: query.account,
    newSinceScan,
  });
  const since = query.since?.getTime();
  return rows.filter(
    (f) =>
      inScopeFilters(query, f.provider, f.account, f.region) &&
      (since === undefined || Date.parse(f.since) >= since) &&
      (!query.resourceIds || query.resourceIds.has(f.resourceId)),
  );
}

/** The rows of findings as they stood at a past instant, filtered like current ones. */
async function asOfRows(store: Store, query: FindingsQuery, at: Date): Promise<FindingRow[]> {
  if (query.newOnly) throw new InputError('--new-only cannot be combined with --as-of');
  const state = await store.findings.asOf(at);
  const provider = new Map(state.scopes.map((s) => [s.key, s.provider]));
  const names = new Map(
    (await store.resources.list({ includeDeleted: true })).map((r) => [r.resourceId, r.name]),
  );
  const floor = query.severity ? SEVERITIES.indexOf(query.severity) : 0;
  const since = query.since?.getTime();
  const rows: FindingRow[] = [];
  for (const f of state.findings) {
    const p = provider.get(f.scopeKey) ?? (f.scopeKey.startsWith('aws') ? 'aws' : 'k8s');
    if (
      (query.status && f.status !== query.status) ||
      SEVERITIES.indexOf(f.severity) < floor ||
      (query.ruleId && f.ruleId !== query.ruleId) ||
      (query.resourceId && f.resourceId !== query.resourceId) ||
      (query.resourceType && f.resourceType !== query.resourceType) ||
      !inScopeFilters(query, p, f.account, f.region) ||
      (since !== undefined && Date.parse(f.since) < since) ||
      (query.resourceIds && !query.resourceIds.has(f.resourceId))
    )
      continue;
    rows.push({
      resourceId: f.resourceId,
      resourceType: f.resourceType,
      ruleId: f.ruleId,
      severity: f.severity,
      status: f.status,
      message: f.message,
      since: f.since,
      account: f.account,
      region: f.region,
      provider: p,
      name: names.get(f.resourceId) ?? f.resourceId,
      openedScan: f.openedScan,
      sourceFile: f.source?.file ?? null,
      sourceLine: f.source?.line ?? null,
    });
  }
  return rows.sort((a, b) =>
    a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : a.ruleId < b.ruleId ? -1 : 1,
  );
}

/** Findings in the contract's shape (`stance findings --format json`), with their controls and mutes. */
export async function findings(store: Store, query: FindingsQuery = {}): Promise<Finding[]> {
  return toFindings(store, await findingRows(store, query), query.config, {
    withControls: query.withControls,
    frameworksDirs: query.frameworksDirs,
    at: query.asOf,
  });
}

/** The contract objects of store rows: controls of each rule, and the mute silencing each failure. */
export async function toFindings(
  store: Store,
  rows: FindingRow[],
  config?: StanceConfig,
  opts: { withControls?: boolean; frameworksDirs?: string[]; at?: Date } = {},
): Promise<Finding[]> {
  const controls =
    opts.withControls === false
      ? new Map<string, string[]>()
      : await ruleControls(await frameworks({ dirs: opts.frameworksDirs, policies: config?.policies }));
  const mutes = await mutesInForce(store, { config, at: opts.at });
  return rows.map((f) =>
    toFinding(f, controls.get(f.ruleId) ?? [], f.status === 'fail' ? mutes.match(f) : undefined),
  );
}

/** Renders findings in a findings format: json, csv, sarif or junit. */
export function renderFindings(
  list: Finding[],
  format: FindingsFormat,
  opts: { rules?: RuleMeta[] } = {},
): string {
  const render = findingsRenderers[format];
  if (!render)
    throw new InputError(`--format ${format}: expected one of ${Object.keys(findingsRenderers).join(', ')}`);
  return render({ findings: list, rules: opts.rules ?? builtInRules(), toolVersion: packageVersion() });
}
