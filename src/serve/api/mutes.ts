/** GET /api/mutes, POST /api/mutes (validated by the library, audited), DELETE /api/mutes/:id. */
import { InputError, listMutes, rules, validateMute } from '../../index.js';
import type { ApiContext } from '../context.js';
import { HttpError } from '../http.js';

const optionalText = (body: Record<string, unknown>, name: string, max = 1000): string | undefined => {
  const value = body[name];
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') throw new HttpError(400, `${name}: expected text`);
  if (value.length > max) throw new HttpError(400, `${name}: longer than ${max} characters`);
  return value;
};

export async function getMutes(ctx: ApiContext) {
  const status = ctx.query.oneOf('status', ['active', 'expired', 'all'] as const);
  return { items: await listMutes(ctx.store, { status, ruleId: ctx.query.string('rule'), at: ctx.now() }) };
}

export async function addMute(ctx: ApiContext) {
  const body = await ctx.body();
  const rule = optionalText(body, 'rule', 200);
  const resource = optionalText(body, 'resource', 2000);
  const reason = optionalText(body, 'reason', 2000);
  const expires = optionalText(body, 'expires', 40);
  if (rule === undefined && resource === undefined)
    throw new HttpError(400, 'a mute needs a rule, a resource, or both');
  if (reason === undefined) throw new HttpError(400, 'reason: give a reason; auditors will read it');
  const at = ctx.now();
  let mute;
  try {
    mute = validateMute(
      {
        ruleId: rule ?? '*',
        resource,
        account: optionalText(body, 'account', 200),
        region: optionalText(body, 'region', 200),
        reason,
        until: expires,
        author: ctx.principal.user,
        now: at,
      },
      { rules: rules({ policies: ctx.config?.policies }) },
    );
  } catch (error) {
    // the library names CLI flags (--until, --rule); the API's fields are named in the body
    if (error instanceof InputError)
      throw new HttpError(400, error.message.replace(/^--until/, 'expires').replace(/^--(\w+)/, '$1'));
    throw error;
  }
  const id = await ctx.store.transaction(async (tx) => {
    const id = await tx.mutes.add(mute);
    await tx.console.addAudit({
      at,
      actor: ctx.principal.user,
      via: ctx.principal.via,
      action: 'mute.add',
      target: `mute ${id}`,
      detail: {
        rule: mute.ruleId,
        resource: mute.resourcePattern,
        reason: mute.reason,
        expires: mute.expiresAt?.toISOString() ?? null,
      },
    });
    return id;
  });
  return { id, ...(await listMutes(ctx.store, { status: 'all' })).find((m) => m.id === id) };
}

export async function deleteMute(ctx: ApiContext) {
  const text = ctx.params.id!;
  if (!/^\d{1,15}$/.test(text)) throw new HttpError(400, `mute id ${text.slice(0, 40)}: expected a number`);
  const id = Number(text);
  const at = ctx.now();
  const removed = await ctx.store.transaction(async (tx) => {
    const mute = (await tx.mutes.list({ includeExpired: true })).find((m) => m.id === id);
    if (!mute || !(await tx.mutes.remove(id))) return false;
    await tx.console.addAudit({
      at,
      actor: ctx.principal.user,
      via: ctx.principal.via,
      action: 'mute.remove',
      target: `mute ${id}`,
      detail: { rule: mute.ruleId, resource: mute.resourcePattern, reason: mute.reason },
    });
    return true;
  });
  if (!removed) throw new HttpError(404, `mute ${id} does not exist`);
  return { ok: true, id };
}

export async function getAudit(ctx: ApiContext) {
  const limit = ctx.query.integer('limit', { min: 1, max: 5000, fallback: 200 });
  return {
    items: await ctx.store.console.audit({
      limit,
      since: ctx.query.date('since'),
      actor: ctx.query.string('actor'),
      action: ctx.query.string('action'),
    }),
  };
}
