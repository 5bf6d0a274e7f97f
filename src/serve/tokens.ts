/** API tokens and the audit, as `stance token` and `stance audit` manage and show them. */
import { InputError, type Store } from '../index.js';
import { hashSecret, newTokenSecret } from './access.js';
import { ROLES, type Role } from './context.js';

export interface CreatedToken {
  id: number;
  name: string;
  role: Role;
  /** Shown once; the store keeps only its hash. */
  secret: string;
}

/** Token names: what the audit shows as who; printable, at most 100 characters. */
export function checkTokenName(name: string): string {
  const trimmed = name.trim();
  if (!trimmed || trimmed.length > 100 || /[\p{Cc}\p{Cf}]/u.test(trimmed))
    throw new InputError(
      `--name ${JSON.stringify(name.slice(0, 100))}: expected 1 to 100 printable characters`,
    );
  return trimmed;
}

export async function createToken(
  store: Store,
  p: { name: string; role: string; by: string; now?: Date },
): Promise<CreatedToken> {
  const name = checkTokenName(p.name);
  if (!(ROLES as readonly string[]).includes(p.role))
    throw new InputError(`--role ${p.role}: expected one of ${ROLES.join(', ')}`);
  const role = p.role as Role;
  const at = p.now ?? new Date();
  const secret = newTokenSecret();
  const id = await store.transaction(async (tx) => {
    if ((await tx.console.tokens()).some((t) => t.name === name))
      throw new InputError(
        `--name ${name}: a token with that name exists (revoked names stay taken, for the audit)`,
      );
    const id = await tx.console.addToken({
      name,
      role,
      hash: hashSecret(secret),
      createdAt: at,
      createdBy: p.by,
    });
    await tx.console.addAudit({
      at,
      actor: p.by,
      via: 'cli',
      action: 'token.create',
      target: `token ${name}`,
      detail: { role },
    });
    return id;
  });
  return { id, name, role, secret };
}

/** Revokes a token by id or name; its sessions end with it. */
export async function revokeToken(store: Store, p: { token: string; by: string; now?: Date }): Promise<void> {
  const at = p.now ?? new Date();
  const key = /^\d{1,15}$/.test(p.token) ? Number(p.token) : p.token;
  const done = await store.transaction(async (tx) => {
    const token = (await tx.console.tokens()).find((t) =>
      typeof key === 'number' ? t.id === key : t.name === key,
    );
    if (!token || !(await tx.console.revokeToken(token.id, { at, by: p.by }))) return false;
    await tx.console.addAudit({
      at,
      actor: p.by,
      via: 'cli',
      action: 'token.revoke',
      target: `token ${token.name}`,
      detail: {},
    });
    return true;
  });
  if (!done) throw new InputError(`token ${p.token}: no such unrevoked token (see stance token list)`);
}
