/**
 * GET /api/frameworks, /api/frameworks/:id (every control with status and evidence, as of a date,
 * the library's report) and /api/reports/:framework?format= (the same bytes `stance report` writes).
 */
import { frameworkReport, frameworks, report, REPORT_FORMATS, type ReportFormat } from '../../index.js';
import type { ApiContext, RawResult } from '../context.js';
import { HttpError } from '../http.js';

const CONTENT_TYPES: Record<string, string> = {
  json: 'application/json; charset=utf-8',
  ocsf: 'application/json; charset=utf-8',
  csv: 'text/csv; charset=utf-8',
  html: 'text/html; charset=utf-8',
};
const EXTENSIONS: Record<string, string> = { json: 'json', ocsf: 'ocsf.json', csv: 'csv', html: 'html' };

function reportOptions(ctx: ApiContext) {
  const id = ctx.params.id!;
  const asOf = ctx.query.date('asOf');
  if (asOf && asOf.getTime() > ctx.now().getTime())
    throw new HttpError(400, 'asOf: the date is in the future');
  return {
    framework: id,
    asOf,
    account: ctx.query.string('account'),
    region: ctx.query.string('region'),
    cluster: ctx.query.string('cluster'),
    namespace: ctx.query.string('namespace'),
    config: ctx.config,
    now: ctx.now(),
  };
}

async function known(ctx: ApiContext): Promise<void> {
  if (!(await ctx.frameworkIds()).includes(ctx.params.id!))
    throw new HttpError(404, `framework ${ctx.params.id!.slice(0, 100)} does not exist`);
}

export async function listFrameworks(ctx: ApiContext) {
  const list = await frameworks({ policies: ctx.config?.policies });
  return {
    items: list.map((f) => ({
      id: f.id,
      name: f.name,
      version: f.version,
      controls: f.controls.length,
    })),
    reportFormats: REPORT_FORMATS,
  };
}

export async function getFramework(ctx: ApiContext) {
  await known(ctx);
  return frameworkReport(ctx.store, reportOptions(ctx));
}

export async function getReport(ctx: ApiContext): Promise<RawResult> {
  await known(ctx);
  const format = ctx.query.oneOf('format', REPORT_FORMATS) ?? 'json';
  const opts = reportOptions(ctx);
  const raw = await report(ctx.store, { ...opts, format: format as ReportFormat });
  const day = (opts.asOf ?? opts.now).toISOString().slice(0, 10);
  return {
    raw,
    contentType: CONTENT_TYPES[format] ?? 'application/octet-stream',
    filename: `${opts.framework}-${day}.${EXTENSIONS[format] ?? format}`,
  };
}
