import type { ApiContext } from '../context.js';

/** GET /api/session: who the caller is, what they may do, and the CSRF token their writes carry. */
export async function getSession(ctx: ApiContext) {
  return {
    user: ctx.principal.user,
    role: ctx.principal.role,
    via: ctx.principal.via,
    csrfToken: ctx.principal.csrfToken ?? null,
    backend: ctx.backend,
  };
}
