import type { Store } from './store.js';

/** A mute silences one rule for the resources it matches, with a reason, an author and maybe an expiry. */
export interface Mute {
  id: number;
  ruleId: string;
  resourcePattern: string | null;
  account: string | null;
  region: string | null;
  tagKey: string | null;
  tagValue: string | null;
  reason: string;
  author: string | null;
  createdAt: string;
  expiresAt: string | null;
}

export type NewMute = Omit<Mute, 'id' | 'createdAt' | 'expiresAt'> & {
  createdAt: Date;
  expiresAt?: Date | null;
};

type MuteRow = Omit<Mute, 'createdAt' | 'expiresAt'> & { createdAt: number; expiresAt: number | null };

const toMute = (r: MuteRow): Mute => ({
  ...r,
  createdAt: new Date(r.createdAt).toISOString(),
  expiresAt: r.expiresAt === null ? null : new Date(r.expiresAt).toISOString(),
});

export function addMute(store: Store, mute: NewMute): number {
  return store.db
    .transaction(
      () =>
        store.db
          .prepare(
            `INSERT INTO mutes (rule_id, resource_pattern, account, region, tag_key, tag_value, reason, author, created_at, expires_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            mute.ruleId,
            mute.resourcePattern,
            mute.account,
            mute.region,
            mute.tagKey,
            mute.tagValue,
            mute.reason,
            mute.author,
            mute.createdAt.getTime(),
            mute.expiresAt?.getTime() ?? null,
          ).lastInsertRowid as number,
    )
    .immediate();
}

/** Mutes in force at `at` (default: all, including expired ones when `includeExpired`). */
export function listMutes(store: Store, opts: { at?: Date; includeExpired?: boolean } = {}): Mute[] {
  const at = (opts.at ?? new Date()).getTime();
  const rows = store.db
    .prepare(
      `SELECT id, rule_id AS ruleId, resource_pattern AS resourcePattern, account, region, tag_key AS tagKey, tag_value AS tagValue,
              reason, author, created_at AS createdAt, expires_at AS expiresAt
       FROM mutes ${opts.includeExpired ? '' : 'WHERE (expires_at IS NULL OR expires_at > ?) AND created_at <= ?'} ORDER BY id`,
    )
    .all(...(opts.includeExpired ? [] : [at, at])) as MuteRow[];
  return rows.map(toMute);
}

export function removeMute(store: Store, id: number): boolean {
  return store.db
    .transaction(() => store.db.prepare('DELETE FROM mutes WHERE id = ?').run(id).changes > 0)
    .immediate();
}
