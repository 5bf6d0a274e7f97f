/** Current findings in the contract's shape, filtered, and rendered in any findings format. */
import { InputError } from '../errors.js';
import { inScopeFilters, type ScopeFilters } from '../model/filters.js';
import { packageVersion } from '../paths.js';
import { toFinding, type Finding } from '../report/findings.js';
import { findingsRenderers, type FindingsFormat } from '../report/renderers.js';
import type { FindingRow, Store } from '../store/index.js';
import type { EvalStatus, RuleMeta, Severity } from '../types.js';
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

/** Findings in the contract's shape (`stance findings --format json`), with their controls and mutes. */
export async function findings(store: Store, query: FindingsQuery = {}): Promise<Finding[]> {
  return toFindings(store, await findingRows(store, query), query.config, {
    withControls: query.withControls,
    frameworksDirs: query.frameworksDirs,
  });
}

/** The contract objects of store rows: controls of each rule, and the mute silencing each failure. */
export async function toFindings(
  store: Store,
  rows: FindingRow[],
  config?: StanceConfig,
  opts: { withControls?: boolean; frameworksDirs?: string[] } = {},
): Promise<Finding[]> {
  const controls =
    opts.withControls === false
      ? new Map<string, string[]>()
      : await ruleControls(await frameworks({ dirs: opts.frameworksDirs, policies: config?.policies }));
  const mutes = await mutesInForce(store, { config });
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
