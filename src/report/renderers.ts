/**
 * The renderer registry: every machine-readable format of findings and of framework reports, one
 * model and one signature per kind. A new format is one module and one line here; the CLI's
 * `--format` lists and the library's `findings`/`report` calls take their names from these keys.
 * (Tables for people are the CLI's own: src/cli.)
 */
import type { RuleMeta } from '../types.js';
import { renderCsv } from './csv.js';
import { renderFindingsCsv } from './findings-csv.js';
import type { Finding } from './findings.js';
import { renderHtml, type HtmlExtras } from './html.js';
import { renderJunit } from './junit.js';
import type { Report } from './model.js';
import { renderOcsf } from './ocsf.js';
import { renderSarif } from './sarif.js';

/** What every findings format renders: the findings contract objects and the rules they refer to. */
export interface FindingsModel {
  findings: Finding[];
  rules: RuleMeta[];
  /** Stance's version, for formats that name the tool (SARIF). */
  toolVersion: string;
}

/** What every report format renders: the report contract and the rules it refers to. */
export interface ReportModel {
  report: Report;
  rules: RuleMeta[];
  toolVersion: string;
  /**
   * Trend and configurations as they were (read from the store's history): formats listed in
   * REPORT_FORMATS_WITH_HISTORY show them, and the library reads them only for those.
   */
  history?: Omit<HtmlExtras, 'rules'>;
}

const json = (value: unknown) => JSON.stringify(value, null, 2) + '\n';

export const findingsRenderers = {
  json: (m: FindingsModel) => json(m.findings),
  csv: (m: FindingsModel) => renderFindingsCsv(m.findings),
  sarif: (m: FindingsModel) => json(renderSarif(m.findings, m.rules, m.toolVersion)),
  junit: (m: FindingsModel) => renderJunit(m.findings, m.rules),
} satisfies Record<string, (model: FindingsModel) => string>;

export const reportRenderers = {
  json: (m: ReportModel) => json(m.report),
  csv: (m: ReportModel) => renderCsv(m.report),
  html: (m: ReportModel) =>
    renderHtml(m.report, {
      rules: m.rules,
      trend: m.history?.trend ?? [],
      configs: m.history?.configs ?? new Map(),
    }),
  ocsf: (m: ReportModel) => json(renderOcsf(m.report, m.rules, m.toolVersion)),
} satisfies Record<string, (model: ReportModel) => string>;

export type FindingsFormat = keyof typeof findingsRenderers;
export type ReportFormat = keyof typeof reportRenderers;

export const FINDINGS_FORMATS = Object.keys(findingsRenderers) as FindingsFormat[];
export const REPORT_FORMATS = Object.keys(reportRenderers) as ReportFormat[];
/** Report formats that show history (trend, configurations as they were). */
export const REPORT_FORMATS_WITH_HISTORY: readonly ReportFormat[] = ['html'];

export const renderers = { findings: findingsRenderers, report: reportRenderers } as const;
