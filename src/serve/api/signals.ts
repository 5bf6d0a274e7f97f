/** GET /api/signals, /api/signals/:id, POST /api/signals/:id/state (triage, audited). */
import {
  findingRows,
  MAX_NOTE_LENGTH,
  SEVERITIES,
  SIGNAL_STATES,
  signal,
  signals,
  type Signal,
  type SignalStatus,
} from '../../index.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../http.js';

function signalId(ctx: ApiContext): number {
  const text = ctx.params.id!;
  if (!/^\d{1,15}$/.test(text)) throw new HttpError(400, `signal id ${text.slice(0, 40)}: expected a number`);
  return Number(text);
}

const summary = (s: Signal) => ({
  id: s.id,
  ruleId: s.ruleId,
  title: s.title,
  severity: s.severity,
  state: s.status,
  count: s.count,
  firstSeen: s.firstSeen,
  lastSeen: s.lastSeen,
  mitre: s.mitre,
  group: s.group,
  resourceIds: s.resourceIds,
});

export async function listSignals(ctx: ApiContext) {
  const list = await signals(ctx.store, {
    status: ctx.query.oneOf('state', SIGNAL_STATES),
    severity: ctx.query.oneOf('severity', SEVERITIES),
    ruleId: ctx.query.string('rule'),
    since: ctx.query.date('since'),
  });
  const pageSize = ctx.query.integer('pageSize', { min: 1, max: 500, fallback: 50 });
  const page = ctx.query.integer('page', { min: 1, max: 1_000_000, fallback: 1 });
  return {
    total: list.length,
    page,
    pageSize,
    items: list.slice((page - 1) * pageSize, page * pageSize).map(summary),
  };
}

async function detail(ctx: ApiContext, s: Signal) {
  const resources = [];
  for (const id of s.resourceIds.slice(0, 100)) {
    const open = await findingRows(ctx.store, { resourceId: id, status: 'fail' });
    resources.push({
      resourceId: id,
      openFindings: open.map((f) => ({
        rule: f.ruleId,
        severity: f.severity,
        message: f.message,
        since: f.since,
      })),
    });
  }
  return {
    ...summary(s),
    reason: s.reason,
    eventIds: s.eventIds,
    // The first events' summaries (text; the page renders it escaped); a note for a signal raised before they were kept.
    events: s.events?.items ?? [],
    eventsTotal: s.count,
    eventsNote: s.events ? s.events.note : 'events not recorded',
    notes: s.notes,
    closedAt: s.closedAt,
    history: s.history,
    resources,
  };
}

export async function getSignal(ctx: ApiContext) {
  const s = await signal(ctx.store, signalId(ctx));
  if (!s) throw new HttpError(404, `signal ${ctx.params.id} does not exist`);
  return detail(ctx, s);
}

export async function setState(ctx: ApiContext) {
  const id = signalId(ctx);
  const body = await ctx.body();
  const state = body.state === 'archived' ? 'resolved' : body.state;
  if (typeof state !== 'string' || !(SIGNAL_STATES as readonly string[]).includes(state))
    throw new HttpError(400, `state: expected one of ${SIGNAL_STATES.join(', ')}`);
  if (body.note !== undefined && body.note !== null && typeof body.note !== 'string')
    throw new HttpError(400, 'note: expected text');
  const note = typeof body.note === 'string' ? body.note.trim() : '';
  if (note.length > MAX_NOTE_LENGTH)
    throw new HttpError(400, `note: longer than ${MAX_NOTE_LENGTH} characters`);
  const at = ctx.now();
  const updated = await ctx.store.transaction(async (tx) => {
    const before = await tx.signals.get(id);
    const after = await tx.signals.setState(id, {
      state: state as SignalStatus,
      by: ctx.principal.user,
      note: note || null,
      at,
    });
    if (!before || !after) return undefined;
    await tx.console.addAudit({
      at,
      actor: ctx.principal.user,
      via: ctx.principal.via,
      action: 'signal.state',
      target: `signal ${id}`,
      detail: { from: before.status, to: after.status, ...(note ? { note } : {}) },
    });
    return after;
  });
  if (!updated) throw new HttpError(404, `signal ${id} does not exist`);
  return detail(ctx, updated);
}
