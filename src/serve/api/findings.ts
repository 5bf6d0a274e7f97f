/**
 * GET /api/findings: current findings, filtered, searched, sorted and paged on the server. The
 * filters are the library's (`stance findings`), so the same filters give the same findings; the
 * console adds framework/control, tag, search, sort and paging on top.
 */
import {
  FINDINGS_FORMATS,
  findingRows,
  findings,
  renderFindings,
  rules,
  SEVERITIES,
  toFindings,
  type Finding,
  type FindingRow,
  type FindingsQuery,
  type Severity,
} from '../../index.js';
import type { ApiContext, RawResult } from '../context.js';
import { HttpError, type Query } from '../http.js';

export const FINDING_STATUSES = ['pass', 'fail', 'error'] as const;
/** `severity` alone means that level and above (as `stance findings --severity`); `exact`: that level only. */
const SEVERITY_MODES = ['atLeast', 'exact'] as const;
const SORTS = [
  'severity',
  'status',
  'rule',
  'resource',
  'name',
  'type',
  'account',
  'region',
  'since',
] as const;
type Sort = (typeof SORTS)[number];

export interface FindingItem {
  resourceId: string;
  resourceName: string;
  resourceType: string;
  rule: string;
  ruleTitle: string;
  severity: Severity;
  status: Finding['status'];
  message: string;
  account: string | null;
  region: string | null;
  cluster: string | null;
  namespace: string | null;
  since: string;
  muted: boolean;
  mute?: Finding['mute'];
  controls: string[];
}

/** The library query of the request's filters (those `stance findings` has). */
export function libraryQuery(query: Query): FindingsQuery {
  return {
    status: query.oneOf('status', FINDING_STATUSES),
    severity: query.oneOf('severity', SEVERITIES),
    ruleId: query.string('rule'),
    resourceId: query.string('resource', 2000),
    resourceType: query.string('type'),
    account: query.string('account'),
    region: query.string('region'),
    cluster: query.string('cluster'),
    namespace: query.string('namespace'),
    since: query.date('newSince'),
    asOf: query.date('asOf'),
  };
}

/** `key=value` or `key`. */
function tagFilter(text: string | undefined): { key: string; value?: string } | undefined {
  if (text === undefined) return undefined;
  const at = text.indexOf('=');
  return at < 0 ? { key: text } : { key: text.slice(0, at), value: text.slice(at + 1) };
}

const SEVERITY_RANK = new Map(SEVERITIES.map((s, i) => [s, i]));
const STATUS_RANK = new Map([
  ['fail', 2],
  ['error', 1],
  ['pass', 0],
]);

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function compare(sort: Sort): (a: FindingRow, b: FindingRow) => number {
  switch (sort) {
    case 'severity':
      return (a, b) => SEVERITY_RANK.get(a.severity)! - SEVERITY_RANK.get(b.severity)!;
    case 'status':
      return (a, b) => STATUS_RANK.get(a.status)! - STATUS_RANK.get(b.status)!;
    case 'rule':
      return (a, b) => byText(a.ruleId, b.ruleId);
    case 'resource':
      return (a, b) => byText(a.resourceId, b.resourceId);
    case 'name':
      return (a, b) => byText(a.name, b.name);
    case 'type':
      return (a, b) => byText(a.resourceType, b.resourceType);
    case 'account':
      return (a, b) => byText(a.account, b.account);
    case 'region':
      return (a, b) => byText(a.region, b.region);
    case 'since':
      return (a, b) => byText(a.since, b.since);
  }
}

const tieBreak = (a: FindingRow, b: FindingRow) =>
  byText(a.resourceId, b.resourceId) || byText(a.ruleId, b.ruleId);

export interface FindingsPage {
  total: number;
  page: number;
  pageSize: number;
  items: FindingItem[];
}

/** The request's filters, checked (a 400 or 404 names the parameter at fault). */
async function requestFilters(ctx: ApiContext) {
  const { query } = ctx;
  const base = libraryQuery(query);
  if (base.asOf && base.asOf.getTime() > ctx.now().getTime())
    throw new HttpError(400, 'asOf: the date is in the future');
  const framework = query.string('framework');
  const control = query.string('control');
  const tag = tagFilter(query.string('tag'));
  const q = query.string('q', 200);
  const severityMode = query.oneOf('severityMode', SEVERITY_MODES) ?? 'atLeast';
  if (severityMode === 'exact' && base.severity === undefined)
    throw new HttpError(400, 'severityMode=exact: needs severity');
  const muted = query.oneOf('muted', ['true', 'false'] as const);
  const sort = query.oneOf('sort', SORTS) ?? 'severity';
  const order =
    query.oneOf('order', ['asc', 'desc'] as const) ??
    (sort === 'severity' || sort === 'since' ? 'desc' : 'asc');
  if (framework !== undefined && !(await ctx.frameworkIds()).includes(framework))
    throw new HttpError(404, `framework ${framework.slice(0, 100)} does not exist`);
  if (q !== undefined && q.trim().length < 3) throw new HttpError(400, 'q: search for at least 3 characters');
  return { base, framework, control, tag, q, severityMode, muted, sort, order };
}
type Filters = Awaited<ReturnType<typeof requestFilters>>;

/** The rules a framework or control filter keeps (undefined: no such filter). */
async function ruleSet(ctx: ApiContext, f: Filters): Promise<string[] | undefined> {
  if (f.framework === undefined && f.control === undefined) return undefined;
  const controls = await ctx.ruleControls();
  const wanted =
    f.control === undefined ? undefined : f.control.includes(':') ? f.control : `${f.framework}:${f.control}`;
  return [...controls]
    .filter(([, list]) =>
      wanted !== undefined ? list.includes(wanted) : list.some((c) => c.startsWith(`${f.framework}:`)),
    )
    .map(([ruleId]) => ruleId);
}

/**
 * The store rows the request's filters keep, sorted, read whole (the path for what the database
 * query cannot answer: the muted filter, which needs the mute matcher): the library's rows for the filters it has (so they equal `stance findings`), narrowed
 * by search, tag and framework/control. Kept while the data is unchanged, so paging through a large
 * list reads the store once.
 */
async function filteredRows(ctx: ApiContext, f: Filters): Promise<FindingRow[]> {
  const { store } = ctx;
  const { base, severityMode, muted, tag, q, sort, order } = f;
  const key = JSON.stringify([
    'findings',
    base,
    severityMode,
    muted,
    f.framework,
    f.control,
    tag,
    q,
    sort,
    order,
  ]);
  const hits = q !== undefined ? await ctx.search(q) : undefined;
  return ctx.cached(key, async () => {
    let rows = await ctx.cached(JSON.stringify(['rows', base]), () => findingRows(store, base));
    if (severityMode === 'exact') rows = rows.filter((r) => r.severity === base.severity);
    if (hits) rows = rows.filter((r) => hits.matches(r));
    if (tag) {
      const tagged = new Set(
        (await store.resources.list())
          .filter(
            (r) =>
              Object.hasOwn(r.tags, tag.key) && (tag.value === undefined || r.tags[tag.key] === tag.value),
          )
          .map((r) => r.resourceId),
      );
      rows = rows.filter((r) => tagged.has(r.resourceId));
    }
    const keep = await ruleSet(ctx, f);
    if (keep) {
      const set = new Set(keep);
      rows = rows.filter((r) => set.has(r.ruleId));
    }
    if (muted !== undefined) {
      const list = await toFindings(store, rows, ctx.config, { withControls: false, at: base.asOf });
      const want = muted === 'true';
      rows = rows.filter((_, i) => list[i]!.muted === want);
    }
    const by = compare(sort);
    const sign = order === 'asc' ? 1 : -1;
    return [...rows].sort((a, b) => sign * by(a, b) || tieBreak(a, b));
  });
}

/** The rules both the rule filter and a framework or control filter keep (undefined: neither is given). */
async function ruleIds(ctx: ApiContext, f: Filters): Promise<string[] | undefined> {
  const set = await ruleSet(ctx, f);
  const one = f.base.ruleId;
  if (one === undefined) return set;
  return set === undefined || set.includes(one) ? [one] : [];
}

/** One page of current findings, filtered, counted, sorted and paged by the database (ConsoleRepository.findings). */
async function databasePage(ctx: ApiContext, f: Filters, offset: number, limit: number) {
  const { base } = f;
  const severities =
    base.severity === undefined
      ? undefined
      : f.severityMode === 'exact'
        ? [base.severity]
        : SEVERITIES.slice(SEVERITIES.indexOf(base.severity));
  const key = JSON.stringify([
    'findings-page',
    base,
    f.severityMode,
    f.framework,
    f.control,
    f.tag,
    f.q,
    f.sort,
    f.order,
    offset,
    limit,
  ]);
  return ctx.cached(key, async () =>
    ctx.store.console.findings({
      status: base.status,
      severities,
      ruleIds: await ruleIds(ctx, f),
      resourceId: base.resourceId,
      resourceType: base.resourceType,
      account: base.account,
      region: base.region,
      cluster: base.cluster,
      namespace: base.namespace,
      since: base.since,
      asOf: base.asOf,
      tag: f.tag,
      search: f.q?.trim(),
      sort: f.sort,
      order: f.order,
      offset,
      limit,
    }),
  );
}

/** One page of rows as items: their mutes and controls read for that page only. */
export async function items(ctx: ApiContext, rows: FindingRow[]): Promise<FindingItem[]> {
  const list = await toFindings(ctx.store, rows, ctx.config, {
    withControls: true,
    at: ctx.query.date('asOf'),
  });
  const titles = ctx.ruleTitles();
  return rows.map((row, i) => {
    const f = list[i]!;
    const k8s = row.provider !== 'aws';
    return {
      resourceId: row.resourceId,
      resourceName: row.name,
      resourceType: row.resourceType,
      rule: row.ruleId,
      ruleTitle: titles.get(row.ruleId) ?? row.ruleId,
      severity: row.severity,
      status: row.status,
      message: row.message,
      account: k8s ? null : row.account,
      region: k8s ? null : row.region,
      cluster: k8s ? row.account : null,
      namespace: k8s ? row.region : null,
      since: row.since,
      muted: f.muted,
      ...(f.mute ? { mute: f.mute } : {}),
      controls: f.controls,
    };
  });
}

export async function getFindings(ctx: ApiContext): Promise<FindingsPage> {
  const pageSize = ctx.query.integer('pageSize', { min: 1, max: 500, fallback: 50 });
  const page = ctx.query.integer('page', { min: 1, max: 1_000_000, fallback: 1 });
  const filters = await requestFilters(ctx);
  const start = (page - 1) * pageSize;
  if (filters.muted === undefined) {
    const { total, rows } = await databasePage(ctx, filters, start, pageSize);
    return { total, page, pageSize, items: await items(ctx, rows) };
  }
  const rows = await filteredRows(ctx, filters);
  return { total: rows.length, page, pageSize, items: await items(ctx, rows.slice(start, start + pageSize)) };
}

/** GET /api/findings/export?format=: the same bytes `stance findings --format` writes for the same filters. */
export async function exportFindings(ctx: ApiContext): Promise<RawResult> {
  const format = ctx.query.oneOf('format', FINDINGS_FORMATS) ?? 'json';
  const list = await findings(ctx.store, { ...libraryQuery(ctx.query), config: ctx.config });
  const raw = renderFindings(list, format, { rules: rules({ policies: ctx.config?.policies }) });
  const types: Record<string, string> = {
    json: 'application/json',
    sarif: 'application/sarif+json',
    csv: 'text/csv',
    junit: 'application/xml',
  };
  const ext: Record<string, string> = { sarif: 'sarif.json', junit: 'junit.xml' };
  return {
    raw,
    contentType: `${types[format] ?? 'text/plain'}; charset=utf-8`,
    filename: `findings.${ext[format] ?? format}`,
  };
}

export type { FindingsQuery };
