import type { Mute, NewMute } from '../model.js';
import type { MutesRepository } from '../store.js';
import { iso, isoOrNull, type Db } from './context.js';

type MuteRow = Omit<Mute, 'createdAt' | 'expiresAt'> & { createdAt: number; expiresAt: number | null };

const COLUMNS = `id, rule_id AS "ruleId", resource_pattern AS "resourcePattern", account, region, tag_key AS "tagKey",
  tag_value AS "tagValue", reason, author, created_at AS "createdAt", expires_at AS "expiresAt"`;

export class PgMutes implements MutesRepository {
  constructor(private readonly db: Db) {}

  async add(mute: NewMute): Promise<number> {
    const row = await this.db.one<{ id: number }>(
      `INSERT INTO mutes (rule_id, resource_pattern, account, region, tag_key, tag_value, reason, author, created_at, expires_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id`,
      [
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
      ],
    );
    return row!.id;
  }

  async list(opts: { at?: Date; includeExpired?: boolean } = {}): Promise<Mute[]> {
    const at = (opts.at ?? new Date()).getTime();
    const rows = opts.includeExpired
      ? await this.db.query<MuteRow>(`SELECT ${COLUMNS} FROM mutes ORDER BY id`)
      : await this.db.query<MuteRow>(
          `SELECT ${COLUMNS} FROM mutes WHERE (expires_at IS NULL OR expires_at > $1) AND created_at <= $1 ORDER BY id`,
          [at],
        );
    return rows.map((r) => ({ ...r, createdAt: iso(r.createdAt), expiresAt: isoOrNull(r.expiresAt) }));
  }

  async remove(id: number): Promise<boolean> {
    if (!Number.isSafeInteger(id)) return false;
    return (await this.db.exec('DELETE FROM mutes WHERE id = $1', [id])) > 0;
  }
}
