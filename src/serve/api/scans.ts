/** GET /api/scans and GET /api/scopes: recent scans, and each scope's status, errors and staleness. */
/** The store's default staleness window (48 h): a scope without a successful run for longer is stale. */
const DEFAULT_STALE_AFTER_MS = 48 * 3_600_000;
import type { ApiContext } from '../context.js';

export interface ScopeItem {
  key: string;
  provider: string;
  account: string;
  region: string;
  service: string;
  status: 'ok' | 'error' | null;
  lastRunAt: string | null;
  lastOkAt: string | null;
  lastError: string | null;
  /** No successful run within the staleness window (48 h) before the instant. */
  stale: boolean;
}

export async function scopeRows(ctx: ApiContext, at?: Date): Promise<ScopeItem[]> {
  const instant = (at ?? ctx.now()).getTime();
  const states = await ctx.store.scans.scopeStates(at);
  return states.map((s) => ({
    key: s.key,
    provider: s.provider,
    account: s.account,
    region: s.region,
    service: s.service,
    status: s.lastRunStatus,
    lastRunAt: s.lastRunAt,
    lastOkAt: s.lastOkAt,
    lastError: s.lastError,
    stale: s.lastOkAt === null || instant - Date.parse(s.lastOkAt) > DEFAULT_STALE_AFTER_MS,
  }));
}

export async function getScopes(ctx: ApiContext) {
  const items = await scopeRows(ctx, ctx.query.date('asOf'));
  return { staleAfterHours: DEFAULT_STALE_AFTER_MS / 3_600_000, items };
}

export async function getScans(ctx: ApiContext) {
  const limit = ctx.query.integer('limit', { min: 1, max: 1000, fallback: 100 });
  return { items: await ctx.store.scans.list(limit) };
}
