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

function compare(sort: Sort): (a: FindingItem, b: FindingItem) => number {
  const text = (pick: (x: FindingItem) => string | null) => (a: FindingItem, b: FindingItem) =>
    (pick(a) ?? '').localeCompare(pick(b) ?? '');
  switch (sort) {
    case 'severity':
      return (a, b) => SEVERITY_RANK.get(a.severity)! - SEVERITY_RANK.get(b.severity)!;
    case 'status':
      return (a, b) => STATUS_RANK.get(a.status)! - STATUS_RANK.get(b.status)!;
    case 'rule':
      return text((x) => x.rule);
    case 'resource':
      return text((x) => x.resourceId);
    case 'name':
      return text((x) => x.resourceName);
    case 'type':
      return text((x) => x.resourceType);
    case 'account':
      return text((x) => x.account ?? x.cluster);
    case 'region':
      return text((x) => x.region ?? x.namespace);
    case 'since':
      return text((x) => x.since);
  }
}

export interface FindingsPage {
  total: number;
  page: number;
  pageSize: number;
  items: FindingItem[];
}

/** Every finding the request's filters keep, as items (unsorted, unpaged). */
export async function filteredFindings(ctx: ApiContext): Promise<FindingItem[]> {
  const { query, store } = ctx;
  const base = libraryQuery(query);
  const framework = query.string('framework');
  const control = query.string('control');
  const tag = tagFilter(query.string('tag'));
  const q = query.string('q', 200);
  let rows: FindingRow[] = await findingRows(store, base);
  if (q !== undefined) {
    const hits = await ctx.search(q);
    rows = rows.filter((r) => hits.matches(r));
  }
  if (tag) {
    const tagged = new Set(
      (await store.resources.list())
        .filter(
          (r) => Object.hasOwn(r.tags, tag.key) && (tag.value === undefined || r.tags[tag.key] === tag.value),
        )
        .map((r) => r.resourceId),
    );
    rows = rows.filter((r) => tagged.has(r.resourceId));
  }
  const needControls = framework !== undefined || control !== undefined;
  const list = await toFindings(store, rows, ctx.config, { withControls: true });
  const titles = ctx.ruleTitles();
  const items: FindingItem[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const f = list[i]!;
    if (needControls) {
      const wanted =
        control === undefined ? undefined : control.includes(':') ? control : `${framework}:${control}`;
      if (
        wanted !== undefined
          ? !f.controls.includes(wanted)
          : !f.controls.some((c) => c.startsWith(`${framework}:`))
      )
        continue;
    }
    const k8s = row.provider !== 'aws';
    items.push({
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
    });
  }
  if (needControls && framework !== undefined && control === undefined && items.length === 0) {
    // an unknown framework id should say so rather than look like "nothing fails"
    if (!(await ctx.frameworkIds()).includes(framework))
      throw new HttpError(404, `framework ${framework} does not exist`);
  }
  return items;
}

/** Sorts (default: severity, then resource) and pages. */
export function page(items: FindingItem[], query: Query): FindingsPage {
  const sort = query.oneOf('sort', SORTS) ?? 'severity';
  const order =
    query.oneOf('order', ['asc', 'desc'] as const) ??
    (sort === 'severity' || sort === 'since' ? 'desc' : 'asc');
  const pageSize = query.integer('pageSize', { min: 1, max: 500, fallback: 50 });
  const pageNo = query.integer('page', { min: 1, max: 1_000_000, fallback: 1 });
  const by = compare(sort);
  const tieBreak = (a: FindingItem, b: FindingItem) =>
    a.resourceId < b.resourceId
      ? -1
      : a.resourceId > b.resourceId
        ? 1
        : a.rule < b.rule
          ? -1
          : a.rule > b.rule
            ? 1
            : 0;
  const sign = order === 'asc' ? 1 : -1;
  items.sort((a, b) => sign * by(a, b) || tieBreak(a, b));
  const start = (pageNo - 1) * pageSize;
  return { total: items.length, page: pageNo, pageSize, items: items.slice(start, start + pageSize) };
}

export async function getFindings(ctx: ApiContext): Promise<FindingsPage> {
  return page(await filteredFindings(ctx), ctx.query);
}

export type { FindingsQuery };

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
  return {
    raw,
    contentType: `${types[format] ?? 'text/plain'}; charset=utf-8`,
    filename: `findings.${format === 'sarif' ? 'sarif.json' : format === 'junit' ? 'junit.xml' : format}`,
  };
}
