/** Framework reports: every control's status now or as of a past date, in any report format. */
import { InputError } from '../errors.js';
import type { Framework } from '../frameworks/load.js';
import type { ScopeFilters } from '../model/filters.js';
import { packageVersion } from '../paths.js';
import { htmlExtras } from '../report/extras.js';
import { buildReport, type ControlStatus, type Report } from '../report/model.js';
import {
  REPORT_FORMATS_WITH_HISTORY,
  reportRenderers,
  type ReportFormat,
  type ReportModel,
} from '../report/renderers.js';
import type { Store } from '../store/index.js';
import { SEVERITIES, type RuleMeta, type Severity } from '../types.js';
import { frameworks, policyBundle, type PolicyOptions } from './catalog.js';
import type { StanceConfig } from './config.js';
import { mutesInForce } from './mutes.js';
import type { LongCallOptions } from './progress.js';

export type { Report, ControlResult, ControlStatus } from '../report/model.js';

export interface ReportOptions extends LongCallOptions, ScopeFilters {
  /** Framework id (see frameworks()). */
  framework: string;
  /** The state at this instant (default now). */
  asOf?: Date;
  /** With asOf: a scope not scanned successfully within this window before it reads `error` (default 48 h). */
  staleAfterMs?: number;
  /** Only the rules of this severity and above: controls keep those rules, and controls without one are left out. */
  severity?: Severity;
  /** Only this rule: the controls it decides, judged by it alone. */
  ruleId?: string;
  /** List only controls with this status (the summary stays the whole report's). */
  status?: ControlStatus;
  /** Further framework directories, beside the bundled ones. */
  frameworksDirs?: string[];
  /** stance.yaml whose mutes apply too (and whose `policies` name user rules, unless `policies` does). */
  config?: StanceConfig;
  /** User rule directories (stance policy build), so controls that name their rules are judged. */
  policies?: readonly string[];
  now?: Date;
}

const CONTROL_STATUSES: readonly ControlStatus[] = ['pass', 'fail', 'manual', 'not_applicable', 'error'];

/** The framework with its controls narrowed to the rules a severity or rule filter keeps. */
function narrowed(framework: Framework, rules: RuleMeta[], opts: ReportOptions): Framework {
  if (!opts.severity && !opts.ruleId) return framework;
  const min = SEVERITIES.indexOf(opts.severity ?? 'info');
  const severity = new Map(rules.map((r) => [r.id, r.severity]));
  const keep = (id: string) =>
    (!opts.ruleId || id === opts.ruleId) && SEVERITIES.indexOf(severity.get(id) ?? 'info') >= min;
  return {
    ...framework,
    controls: framework.controls
      .map((c) => ({ ...c, rules: c.rules.filter(keep) }))
      .filter((c) => c.rules.length > 0),
  };
}

/** The report contract (schemas/report.schema.json) of one framework. */
export async function frameworkReport(store: Store, opts: ReportOptions): Promise<Report> {
  opts.signal?.throwIfAborted();
  const all = await frameworks({
    dirs: opts.frameworksDirs,
    policies: opts.policies ?? opts.config?.policies,
  });
  const framework = all.find((f) => f.id === opts.framework);
  if (!framework)
    throw new InputError(
      `--framework ${opts.framework}: unknown framework (known: ${all.map((f) => f.id).join(', ')})`,
    );
  if (opts.status && !CONTROL_STATUSES.includes(opts.status))
    throw new InputError(`--status ${opts.status}: expected one of ${CONTROL_STATUSES.join(', ')}`);
  const now = opts.now ?? new Date();
  if (opts.asOf && opts.asOf.getTime() > now.getTime())
    throw new InputError(`--as-of ${opts.asOf.toISOString()}: the date is in the future`);
  const bundle = policyBundle({ policies: opts.policies ?? opts.config?.policies });
  const rules = bundle.manifest.rules;
  const mutes = await mutesInForce(store, { at: opts.asOf ?? now, config: opts.config });
  opts.onProgress?.({ phase: 'reading the findings', done: 0 });
  const report = await buildReport({
    store,
    mutes: mutes.matcher,
    tags: mutes.tags,
    framework: narrowed(framework, rules, opts),
    rules,
    bundleVersion: bundle.manifest.version,
    asOf: opts.asOf,
    staleAfterMs: opts.asOf ? opts.staleAfterMs : undefined,
    filters: { account: opts.account, region: opts.region, cluster: opts.cluster, namespace: opts.namespace },
    now,
  });
  opts.onProgress?.({ phase: 'reading the findings', done: 1, total: 1, ended: true });
  opts.signal?.throwIfAborted();
  if (opts.severity) report.scope.severity = opts.severity;
  if (opts.ruleId) report.scope.rule = opts.ruleId;
  if (opts.status) {
    report.scope.status = opts.status;
    report.controls = report.controls.filter((c) => c.status === opts.status);
  }
  return report;
}

/** The model every report format renders; history (trend, configurations) only for formats that show it. */
export async function reportModel(
  store: Store,
  report: Report,
  format: ReportFormat | 'table',
  opts: PolicyOptions = {},
): Promise<ReportModel> {
  const rules = policyBundle(opts).manifest.rules;
  if (format === 'table' || !REPORT_FORMATS_WITH_HISTORY.includes(format))
    return { report, rules, toolVersion: packageVersion() };
  const { trend, configs } = await htmlExtras(store, report, rules);
  return { report, rules, toolVersion: packageVersion(), history: { trend, configs } };
}

/** A framework report rendered in a report format: json, csv, html or ocsf. */
export async function report(store: Store, opts: ReportOptions & { format: ReportFormat }): Promise<string> {
  const render = reportRenderers[opts.format];
  if (!render)
    throw new InputError(
      `--format ${opts.format}: expected one of ${Object.keys(reportRenderers).join(', ')}`,
    );
  const policies = opts.policies ?? opts.config?.policies;
  return render(await reportModel(store, await frameworkReport(store, opts), opts.format, { policies }));
}
