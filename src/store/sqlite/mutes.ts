import type { Mute, NewMute } from '../model.js';
import type { MutesRepository } from '../store.js';
import { iso, isoOrNull, type SqliteContext } from './context.js';
import type { Sync } from './facade.js';

type MuteRow = Omit<Mute, 'createdAt' | 'expiresAt'> & { createdAt: number; expiresAt: number | null };

const COLUMNS = `id, rule_id AS ruleId, resource_pattern AS resourcePattern, account, region, tag_key AS tagKey, tag_value AS tagValue,
  reason, author, created_at AS createdAt, expires_at AS expiresAt`;

export class SqliteMutes implements Sync<MutesRepository> {
  constructor(private readonly ctx: SqliteContext) {}

  add(mute: NewMute): number {
    return this.ctx
      .sql(
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
      ).lastInsertRowid as number;
  }

  list(opts: { at?: Date; includeExpired?: boolean } = {}): Mute[] {
    const at = (opts.at ?? new Date()).getTime();
    const rows = opts.includeExpired
      ? (this.ctx.sql(`SELECT ${COLUMNS} FROM mutes ORDER BY id`).all() as MuteRow[])
      : (this.ctx
          .sql(
            `SELECT ${COLUMNS} FROM mutes WHERE (expires_at IS NULL OR expires_at > ?) AND created_at <= ? ORDER BY id`,
          )
          .all(at, at) as MuteRow[]);
    return rows.map((r) => ({ ...r, createdAt: iso(r.createdAt), expiresAt: isoOrNull(r.expiresAt) }));
  }

  remove(id: number): boolean {
    return this.ctx.sql('DELETE FROM mutes WHERE id = ?').run(id).changes > 0;
  }
}
