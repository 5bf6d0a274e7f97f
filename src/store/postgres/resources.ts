import { inflateRawSync } from 'node:zlib';
import type {
  HistoryRow,
  ResourceAt,
  ResourceDetail,
  ResourceName,
  ResourceRow,
  TaggedResource,
} from '../model.js';
import type { ResourcesRepository } from '../store.js';
import { batches, iso, isoOrNull, type Db } from './context.js';
import { currentFindings } from './findings.js';

type ResourceRowDb = Omit<ResourceRow, 'tags' | 'firstSeen' | 'deletedAt'> & {
  tags: string;
  firstSeen: number;
  deletedAt: number | null;
};

const RESOURCE_ROW = `r.resource_id AS "resourceId", r.type, r.provider, r.account, r.region, r.name, r.tags,
  r.first_seen AS "firstSeen", r.deleted_at AS "deletedAt", r.source_file AS "sourceFile", r.source_line AS "sourceLine",
  (SELECT count(*) FROM findings f WHERE f.resource_key = r.id AND f.status = 'fail') AS failing`;

const toResourceRow = (r: ResourceRowDb): ResourceRow => ({
  ...r,
  tags: JSON.parse(r.tags) as Record<string, string>,
  firstSeen: iso(r.firstSeen),
  deletedAt: isoOrNull(r.deletedAt),
});

export class PgResources implements ResourcesRepository {
  constructor(private readonly db: Db) {}

  async list(f: { type?: string; includeDeleted?: boolean } = {}): Promise<ResourceRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (!f.includeDeleted) where.push('r.deleted_at IS NULL');
    if (f.type) {
      params.push(f.type);
      where.push(`r.type = $${params.length}`);
    }
    return (
      await this.db.query<ResourceRowDb>(
        `SELECT ${RESOURCE_ROW} FROM resources r ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
         ORDER BY r.type, r.resource_id, r.id`,
        params,
      )
    ).map(toResourceRow);
  }

  async get(resourceId: string): Promise<ResourceDetail | undefined> {
    return (await this.definitions(resourceId))[0];
  }

  async definitions(resourceId: string): Promise<ResourceDetail[]> {
    const keys = await this.db.query<{ id: number; definition: string; hash: string }>(
      `SELECT id, definition, config_hash AS hash FROM resources WHERE resource_id = $1
       ORDER BY deleted_at IS NOT NULL, definition`,
      [resourceId],
    );
    const out: ResourceDetail[] = [];
    for (const key of keys) out.push(await this.detailOf(resourceId, key));
    return out;
  }

  private async detailOf(
    resourceId: string,
    key: { id: number; definition: string; hash: string },
  ): Promise<ResourceDetail> {
    const resource = toResourceRow(
      (await this.db.one<ResourceRowDb>(`SELECT ${RESOURCE_ROW} FROM resources r WHERE r.id = $1`, [
        key.id,
      ]))!,
    );
    const findings = await currentFindings(this.db, { resourceId, definition: key.definition });
    const history = (
      await this.db.query<
        Omit<HistoryRow, 'validFrom' | 'validTo'> & { validFrom: number; validTo: number | null }
      >(
        `SELECT ru.rule_id AS "ruleId", h.status, h.message, h.valid_from AS "validFrom", h.valid_to AS "validTo",
                h.opened_scan AS "openedScan", h.closed_scan AS "closedScan", h.bundle_version AS "bundleVersion", h.cause
         FROM finding_history h JOIN rules ru ON ru.id = h.rule_key WHERE h.resource_key = $1
         ORDER BY h.valid_from, ru.rule_id, h.valid_to NULLS LAST`,
        [key.id],
      )
    ).map((h) => ({ ...h, validFrom: iso(h.validFrom), validTo: isoOrNull(h.validTo) }));
    const versions = (
      await this.db.query<{ hash: string; validFrom: number; validTo: number | null; scanId: number }>(
        `SELECT hash, valid_from AS "validFrom", valid_to AS "validTo", scan_id AS "scanId" FROM resource_versions
         WHERE resource_key = $1 ORDER BY valid_from, id`,
        [key.id],
      )
    ).map((v) => ({ ...v, validFrom: iso(v.validFrom), validTo: isoOrNull(v.validTo) }));
    return { resource, config: await this.blob(key.hash), findings, history, versions };
  }

  private async blob(hash: string): Promise<unknown> {
    const row = await this.db.one<{ body: Buffer }>('SELECT body FROM config_blobs WHERE hash = $1', [hash]);
    return row ? JSON.parse(inflateRawSync(row.body).toString('utf8')) : undefined;
  }

  async existedAt(at: Date, type: string): Promise<ResourceAt[]> {
    return (
      await this.db.query<Omit<ResourceAt, 'tags'> & { tags: string }>(
        `SELECT r.resource_id AS "resourceId", r.account, r.region, r.name, r.tags, s.key AS "scopeKey"
         FROM resources r JOIN scopes s ON s.id = r.scope_id
         WHERE r.type = $1 AND EXISTS (SELECT 1 FROM resource_versions v WHERE v.resource_key = r.id
           AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2))
         ORDER BY r.resource_id, r.id`,
        [type, at.getTime()],
      )
    ).map((r) => ({ ...r, tags: JSON.parse(r.tags) as Record<string, string> }));
  }

  async configAt(resourceId: string, at: Date): Promise<unknown> {
    const row = await this.db.one<{ hash: string }>(
      `SELECT v.hash FROM resource_versions v JOIN resources r ON r.id = v.resource_key
       WHERE r.resource_id = $1 AND v.valid_from <= $2 AND (v.valid_to IS NULL OR v.valid_to > $2)
       ORDER BY v.valid_from DESC LIMIT 1`,
      [resourceId, at.getTime()],
    );
    return row ? this.blob(row.hash) : undefined;
  }

  async withTagText(text: string): Promise<TaggedResource[]> {
    // LIKE as SQLite has it: case-insensitive for ASCII letters only (ILIKE on a "C"-collated column).
    const pattern = `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return (
      await this.db.query<{ resourceId: string; sourceFile: string | null; tags: string }>(
        `SELECT resource_id AS "resourceId", source_file AS "sourceFile", tags FROM resources WHERE tags ILIKE $1 ESCAPE '\\'
         ORDER BY id`,
        [pattern],
      )
    ).map((r) => ({ ...r, tags: JSON.parse(r.tags) as Record<string, string> }));
  }

  async existing(resourceIds: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (const chunk of batches([...new Set(resourceIds)]))
      for (const r of await this.db.query<{ id: string }>(
        'SELECT DISTINCT resource_id AS id FROM resources WHERE resource_id = ANY($1::text[])',
        [chunk],
      ))
        found.add(r.id);
    return new Set(resourceIds.filter((id) => found.has(id)));
  }

  async liveIdsByName(keys: readonly ResourceName[]): Promise<(string | undefined)[]> {
    const out: (string | undefined)[] = [];
    for (const k of keys) {
      const row = await this.db.one<{ id: string }>(
        `SELECT resource_id AS id FROM resources WHERE type = $1 AND account = $2 AND name = $3 AND deleted_at IS NULL
         ORDER BY id LIMIT 1`,
        [k.type, k.account, k.name],
      );
      out.push(row?.id);
    }
    return out;
  }
}
