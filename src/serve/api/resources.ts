/**
 * The resource page: GET /api/resources (search and list), /api/resources/:id (findings with
 * remediation, each rule's status timeline, linked signals), /:id/config?asOf= and /:id/diff.
 */
import { InputError, resource, resources, rules, type ResourceDetail } from '../../index.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../http.js';
import { jsonDiff } from './diff.js';

async function view(ctx: ApiContext) {
  try {
    return await resource(ctx.store, ctx.params.id!);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new HttpError(404, `resource ${ctx.params.id!.slice(0, 200)} is not in the database`);
  }
}

function timeline(detail: ResourceDetail) {
  const byRule = new Map<string, { status: string; from: string; to: string | null; message: string }[]>();
  for (const h of [...detail.history].sort((a, b) => a.validFrom.localeCompare(b.validFrom))) {
    const list = byRule.get(h.ruleId) ?? [];
    list.push({ status: h.status, from: h.validFrom, to: h.validTo, message: h.message });
    byRule.set(h.ruleId, list);
  }
  return [...byRule].map(([rule, intervals]) => ({ rule, intervals }));
}

export async function getResource(ctx: ApiContext) {
  const v = await view(ctx);
  const meta = new Map(rules({ policies: ctx.config?.policies }).map((r) => [r.id, r]));
  const detail = v.detail;
  return {
    resource: detail?.resource ?? null,
    definitions: v.definitions.length,
    findings: (detail?.findings ?? []).map((f) => ({
      rule: f.ruleId,
      ruleTitle: meta.get(f.ruleId)?.title ?? f.ruleId,
      severity: f.severity,
      status: f.status,
      message: f.message,
      since: f.since,
      remediation: meta.get(f.ruleId)?.remediation ?? null,
    })),
    timeline: detail ? timeline(detail) : [],
    versions: detail?.versions ?? [],
    signals: v.signals.map((s) => ({
      id: s.id,
      ruleId: s.ruleId,
      title: s.title,
      severity: s.severity,
      state: s.status,
      lastSeen: s.lastSeen,
    })),
  };
}

export async function getResourceConfig(ctx: ApiContext) {
  const v = await view(ctx);
  const asOf = ctx.query.date('asOf');
  if (!asOf) return { asOf: null, config: v.detail?.config ?? null };
  const config = await ctx.store.resources.configAt(ctx.params.id!, asOf);
  return { asOf: asOf.toISOString(), existed: config !== undefined, config: config ?? null };
}

export async function getResourceDiff(ctx: ApiContext) {
  await view(ctx);
  const from = ctx.query.date('from');
  const to = ctx.query.date('to') ?? ctx.now();
  if (!from) throw new HttpError(400, 'from: give a date (2026-03-31) or an ISO date-time');
  const id = ctx.params.id!;
  const before = await ctx.store.resources.configAt(id, from);
  const after = await ctx.store.resources.configAt(id, to);
  return {
    from: { at: from.toISOString(), existed: before !== undefined, config: before ?? null },
    to: { at: to.toISOString(), existed: after !== undefined, config: after ?? null },
    ...jsonDiff(before ?? null, after ?? null),
  };
}

export async function listResources(ctx: ApiContext) {
  const type = ctx.query.string('type');
  const q = ctx.query.string('q', 200);
  let list = await resources(ctx.store, { type });
  if (q !== undefined) {
    const hits = new Set((await ctx.searchHits(q)).resourceIds);
    list = list.filter((r) => hits.has(r.resourceId));
  }
  const pageSize = ctx.query.integer('pageSize', { min: 1, max: 500, fallback: 50 });
  const page = ctx.query.integer('page', { min: 1, max: 1_000_000, fallback: 1 });
  return {
    total: list.length,
    page,
    pageSize,
    items: list.slice((page - 1) * pageSize, page * pageSize),
  };
}
